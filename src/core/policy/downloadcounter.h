#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>

#include "blobidentity.h"
#include "byteintervals.h"

namespace Sluice {

class ShareRegistry;
class TransferTracker;

// Counts completed downloads by bytes delivered, not by requests: a download is complete when
// the bytes one client's TCP stack acknowledged cover the whole file, from any number of
// requests, ranges, segments and resumes. A client is the ticket its links carry, or else its
// address (IPv4-mapped IPv6 folded to IPv4). Each client counts once per share: a download
// manager's eight connections, a resumed download and a second fetch by the same person are
// one download. Delivered bytes come from the transfer tracker's samples. A new version of the
// file (it changed on disk) is a new download to announce, but not a second one to count.
// What each client received is kept with the share (Share::downloadClients, saved between
// runs) when it starts and after each of its transfers, so after a restart a client that
// started may still resume and complete its download while a capped share turns new clients
// away.
class DownloadCounter : public QObject
{
    Q_OBJECT
public:
    DownloadCounter(ShareRegistry &shares, TransferTracker &transfers, QObject *parent = nullptr);

    static QByteArray clientKey(const QHostAddress &peer, QByteArrayView ticket = {});

    // Where a response body's bytes come from in the file.
    struct Span
    {
        qint64 bodyOffset = 0;
        qint64 fileOffset = 0;
        qint64 length = 0;
    };
    // Counts what the transfer delivers for `client`, of the file version `version`.
    void track(quint64 transferId, const QByteArray &token, const QByteArray &client,
               const BlobIdentity &version, const QList<Span> &spans);
    // The client has begun a download of the share (or completed one): it may go on once the
    // cap is reached.
    bool hasStarted(const QByteArray &token, const QByteArray &client) const;
    // Bytes of the file's latest version the client has been delivered; the whole file once
    // that version is complete.
    qint64 coveredBytes(const QByteArray &token, const QByteArray &client) const;

Q_SIGNALS:
    // The client's delivered bytes now cover the share's file: once per client and version of the
    // file, however many connections, segments and resumes it took. `transferId` is the transfer
    // that delivered the last missing bytes. Raised from the event loop, never inside a pump
    // pass.
    void downloadCompleted(const QByteArray &token, const QByteArray &client, quint64 transferId);

private:
    struct Tracked
    {
        QByteArray token;
        QByteArray client;
        BlobIdentity version;
        QList<Span> spans;
        qint64 applied = 0; // body bytes already added to the client's intervals
    };
    struct Client
    {
        ByteIntervals received; // emptied once complete
        BlobIdentity version; // what `received` is of: another version starts afresh
        bool complete = false; // `version` has been delivered whole
        bool counted = false; // against the share's downloads: once, whatever the version
    };
    void apply(quint64 transferId);
    void restoreClients(const QByteArray &token);
    // Hands the client's record to the share, which saves it.
    void keep(const QByteArray &token, const QByteArray &client);

    ShareRegistry &m_shares;
    TransferTracker &m_transfers;
    QHash<quint64, Tracked> m_tracked; // active transfers only
    QHash<QByteArray, QHash<QByteArray, Client>> m_clients; // by share token, then client
};

} // namespace Sluice
