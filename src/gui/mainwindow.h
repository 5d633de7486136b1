#pragma once

#include <memory>

#include <QJsonObject>
#include <QMainWindow>

#include "lanaddresses.h"
#include "sharemodel.h"
#include "transfermodel.h"

namespace Ui {
class MainWindow;
}
class QLabel;

namespace Sluice {

struct AppOptions;
struct Engine;
class AppSettings;
class LinksPanel;
class MessageBar;
class NotificationCenter;
class Notifier;
class ServerConditions;
class ServedLinks;
class ServerPanel;
class SharesPanel;
class TransfersPanel;

// The Sluice window, composed of panels (shares, links, transfers, server), a message bar for
// problems in effect, and notifications. It
// watches the engine through their models and signals and sends it commands; it never touches
// a socket. Closing it with downloads running asks first.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Engine &engine, AppSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Command-line values override the saved settings for this run only.
    void applyCommandLine(const AppOptions &options);
    // Shares the files with `rules` (ShareRules' form: expiry, download cap); returns the
    // tokens of those that could be shared.
    QList<QByteArray> addFiles(const QStringList &paths, const QJsonObject &rules = {});
    void startServing();
    void stopServing(); // without asking
    void cancelSelectedTransfers();
    // Closes without asking (a signal from the system): running downloads are stopped.
    void quitNow();

    TransferModel &transferModel();
    ShareModel &shareModel();
    // The addresses being served, best first.
    QList<RankedAddress> servedAddresses() const;
    QString bestLink(const QByteArray &token) const;

    SharesPanel *sharesPanel() const { return m_sharesPanel; }
    LinksPanel *linksPanel() const { return m_linksPanel; }
    TransfersPanel *transfersPanel() const { return m_transfersPanel; }
    ServerPanel *serverPanel() const { return m_serverPanel; }
    Notifier *notifier() const { return m_notifier; }
    NotificationCenter *notifications() const { return m_notifications; }
    MessageBar *messageBar() const { return m_messageBar; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    enum class CloseChoice { StopDownloads, KeepServing, Cancel };
    CloseChoice askBeforeClosing(int running);
    void restoreState();
    void saveState();
    void updateTransferSummary();
    void showMessage(const QString &message);
    void setUpTabOrder();
    // Brings the window to the front on the transfer, or on the share when it is not listed.
    void showTransfer(quint64 transferId, const QByteArray &shareToken);

    Engine &m_engine;
    AppSettings &m_settings;
    std::unique_ptr<Ui::MainWindow> m_ui;
    ServedLinks *m_links = nullptr;
    SharesPanel *m_sharesPanel = nullptr;
    LinksPanel *m_linksPanel = nullptr;
    TransfersPanel *m_transfersPanel = nullptr;
    ServerPanel *m_serverPanel = nullptr;
    Notifier *m_notifier = nullptr;
    NotificationCenter *m_notifications = nullptr;
    MessageBar *m_messageBar = nullptr;
    ServerConditions *m_serverConditions = nullptr;
    QLabel *m_summaryLabel = nullptr;
    bool m_quitting = false;
};

} // namespace Sluice
