#pragma once

#include <chrono>
#include <memory>

#include <QGroupBox>

namespace Ui {
class LinksPanel;
}

namespace Sluice {

class BlobServer;
class ServedLinks;
class ShareRegistry;

// The current share's links, one per address served, the chosen one as a QR code with its
// readable text under it. Without links it says why: the server is stopped (and offers to
// start it), nothing is shared yet, or no file is selected.
class LinksPanel : public QGroupBox
{
    Q_OBJECT
public:
    LinksPanel(ServedLinks &links, BlobServer &server, ShareRegistry &shares,
               QWidget *parent = nullptr);
    ~LinksPanel() override;

    void setShare(const QByteArray &token);
    // On (the default): the QR code holds the share's page, /<token>/; off: the direct link.
    void setQrShowsPage(bool on);
    bool qrShowsPage() const;
    QString stateText() const; // empty while links are shown
    QString qrText() const; // what the QR code encodes

Q_SIGNALS:
    void startRequested();
    void linkCopied(const QString &url);
    void qrShowsPageChanged(bool on);

private:
    void update();
    void showQrCode();
    // For a share with a password: the link with a ticket in its path, which downloads without
    // asking (PasswordGate); empty otherwise.
    QString withTicket(const QString &url);
    void updatePasswordControls();

    ServedLinks &m_links;
    BlobServer &m_server;
    ShareRegistry &m_shares;
    std::unique_ptr<Ui::LinksPanel> m_ui;
    QByteArray m_token;
    QString m_chosenUrl;
    bool m_linksLocked = false; // the links shown are a protected share's (its page)
    QByteArray m_ticketToken;
    QByteArray m_ticketSalt;
    QString m_ticket;
    std::chrono::steady_clock::time_point m_ticketIssuedAt;
};

} // namespace Sluice
