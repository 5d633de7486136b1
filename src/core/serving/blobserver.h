#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

#include "accesslog.h"
#include "clientblocklist.h"
#include "downloadcounter.h"
#include "pumpscheduler.h"
#include "responder.h"
#include "serversettings.h"
#include "socketpoller.h"
#include "transfer.h"

namespace Sluice {

class HttpConnection;
class Listener;
class ShareRegistry;
class TransferTracker;

// Listens on one QTcpServer per address, on the thread that runs the event loop, and serves the
// share registry to every client. No thread per client: bodies go out through the pump scheduler.
class BlobServer : public QObject
{
    Q_OBJECT
public:
    BlobServer(ShareRegistry &shares, TransferTracker &transfers, QObject *parent = nullptr);
    ~BlobServer() override;

    // Takes effect at the next start(), except the chunk size, which applies from the next chunk.
    void setSettings(const ServerSettings &settings);
    const ServerSettings &settings() const { return m_settings; }
    void setChunkSize(qint64 bytes);
    qint64 chunkSize() const { return m_settings.chunkSize; }
    // Bandwidth caps apply at once, to running transfers too.
    void setRateLimits(const RateLimits &limits);
    RateLimits rateLimits() const { return m_settings.rateLimits; }

    bool start();
    void stop();
    // Moves the server to the port and addresses of `settings` while it runs (and applies the
    // rest of them, as setSettings does): the new listeners are opened first and swapped in only
    // when all of them listen. On failure (port in use, address gone) nothing changes, the old
    // listeners keep serving, and errorString() says why. Running transfers keep their
    // connections either way and finish where they started; only new connections use the new
    // port. When not listening, this is setSettings.
    bool rebind(const ServerSettings &settings);
    bool isListening() const { return !m_servers.isEmpty(); }
    bool isAcceptingPaused() const { return m_acceptPaused; }
    QString errorString() const { return m_errorString; }
    // What the last failed start or rebind ran into, for a caller that acts on it (offering
    // another port) rather than on errorString()'s words.
    enum class ListenError { None, PortInUse, Other };
    ListenError listenError() const { return m_listenError; }
    quint16 port() const; // the port actually in use (useful with port 0)
    QList<QHostAddress> listeningAddresses() const;

    AccessLog &accessLog() { return m_accessLog; }
    // Tickets and wrong-password limits of protected shares.
    PasswordGate &passwordGate() { return m_responder.passwordGate(); }
    int connectionCount() const { return int(m_connections.size()); }
    // Completed downloads by bytes delivered, per client (see DownloadCounter).
    const DownloadCounter &downloads() const { return m_downloads; }
    bool cancelTransfer(quint64 transferId);
    // A paused transfer sends nothing and is exempt from the stall timeout until resumed.
    bool pauseTransfer(quint64 transferId);
    bool resumeTransfer(quint64 transferId);
    // Drops the address's connections at once (their transfers end as cancelled) and answers
    // its new requests 403 until unblocked; until the process quits, never saved. An
    // IPv4-mapped IPv6 address is its IPv4 address. False when nothing changed.
    bool blockClient(const QHostAddress &address);
    bool unblockClient(const QHostAddress &address);
    QList<QHostAddress> blockedClients() const { return m_blocklist.addresses(); }
    bool isBlocked(const QHostAddress &address) const { return m_blocklist.contains(address); }

Q_SIGNALS:
    // Also raised with true when rebind() moved the listeners.
    void listeningChanged(bool listening);
    void chunkSizeChanged(qint64 bytes);
    void rateLimitsChanged(const RateLimits &limits);
    void errorOccurred(const QString &message);
    // Accepting stopped because the process ran out of descriptors (or memory); reported once
    // per episode, then retried until it works again.
    void acceptingPaused(const QString &reason);
    void acceptingResumed();
    // A client has been delivered the whole file of a share (see DownloadCounter): once per
    // client and share, not once per connection, segment or resume.
    void downloadCompleted(const QByteArray &token, const QByteArray &client, quint64 transferId);
    void blockedClientsChanged();

private:
    bool setTransferPaused(quint64 transferId, bool paused);
    void scheduleAccepting();
    void takeAcceptedConnections();
    void handleConnectionClosed(HttpConnection *connection);
    void handleAcceptError(int error);
    void retryAccepting();
    void checkDeadlines();
    Listener *openListener(const QHostAddress &address, quint16 port, QString *error, bool *inUse);
    struct Opened
    {
        QList<Listener *> listeners; // empty on failure
        QString error;
        bool inUse = false; // the failure was a port in use
    };
    // A listener per address of `settings`, the same port on each; those of `reusable` already
    // listening on an address and port are taken over instead of bound again.
    Opened openListeners(const ServerSettings &settings, const QList<Listener *> &reusable);

    ShareRegistry &m_shares;
    TransferTracker &m_transfers;
    ServerSettings m_settings;
    DownloadCounter m_downloads; // before the responder, which asks it
    ClientBlocklist m_blocklist;
    Responder m_responder;
    PumpScheduler m_scheduler;
    SocketPoller m_poller;
    AccessLog m_accessLog;
    QList<Listener *> m_servers;
    bool m_acceptScheduled = false;
    bool m_acceptPaused = false;
    QTimer m_acceptRetry; // runs only while accepting is paused
    QList<HttpConnection *> m_connections;
    QTimer m_housekeeping; // runs only while there are connections
    QString m_errorString;
    ListenError m_listenError = ListenError::None;
};

} // namespace Sluice
