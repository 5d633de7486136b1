#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include "lanaddresses.h"

namespace Sluice {

class BlobServer;
class ShareRegistry;
struct Share;

// The links people can use while the server listens: one per address served, best first.
// Links are percent-encoded (what is copied and drawn as a QR code); displayText() turns one
// into what people read.
class ServedLinks : public QObject
{
    Q_OBJECT
public:
    struct Link
    {
        QString url; // percent-encoded
        QString label; // "LAN (eth0)", "this computer only"…
        RankedAddress::Kind kind = RankedAddress::Kind::Lan;
    };

    ServedLinks(BlobServer &server, ShareRegistry &shares, QObject *parent = nullptr);

    // Best first; empty while not serving.
    QList<RankedAddress> addresses() const { return m_addresses; }
    QList<Link> links(const QByteArray &token) const;
    QString bestLink(const QByteArray &token) const; // empty when none
    // "http://192.168.1.20:8888" for the best address; empty when not serving.
    QString bestBase() const;
    // The link as people read it: "http://192.168.1.20:8888/…/Фото отпуск.zip".
    static QString displayText(const QString &url);

Q_SIGNALS:
    // The server started, stopped or moved.
    void changed();

private:
    static QByteArray linkPathOf(const Share &share);
    void update();

    BlobServer &m_server;
    ShareRegistry &m_shares;
    QList<RankedAddress> m_addresses;
};

} // namespace Sluice
