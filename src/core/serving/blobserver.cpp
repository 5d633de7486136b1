#include "blobserver.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <functional>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include "httpconnection.h"
#include "monotonicclock.h"
#include "shareregistry.h"
#include "signaldeferral.h"
#include "transfertracker.h"

Q_LOGGING_CATEGORY(lcServer, "sluice.server", QtInfoMsg)

namespace Sluice {
namespace {

// Accept at most this many connections per readiness signal, so a burst cannot hold the loop.
constexpr int acceptBatch = 64;
// While out of descriptors, accepting is retried this often: no spinning on a listening socket
// that stays readable, and no client waits long once a descriptor is free again.
constexpr auto acceptRetryInterval = std::chrono::milliseconds(200);

QString descriptorLimit()
{
    // Only the limit: counting open descriptors needs a descriptor, and there is none left.
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return {};
    return QCoreApplication::translate("BlobServer", " (limit: %1 open files)").arg(limit.rlim_cur);
}

} // namespace

// A QTcpServer for binding and listening; accepting is its own, with accept4(2) on a socket
// notifier, because every errno needs a decision: QTcpServer keeps polling a listening socket
// whose accept fails with EMFILE in some cases, spinning a core. Accepted descriptors queue
// here until the server takes them in batches; connections use them without a QTcpSocket.
class Listener : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    ~Listener() override
    {
        for (int descriptor : accepted)
            ::close(descriptor);
    }

    bool start(const QHostAddress &address, quint16 port, int backlog)
    {
        setListenBacklogSize(backlog);
        if (!listen(address, port))
            return false;
        pauseAccepting(); // QTcpServer's notifier stays off for good
        m_notifier = new QSocketNotifier(socketDescriptor(), QSocketNotifier::Read, this);
        QObject::connect(m_notifier, &QSocketNotifier::activated, m_notifier,
                         [this] { acceptPending(); });
        return true;
    }
    void setAccepting(bool accepting)
    {
        if (m_notifier)
            m_notifier->setEnabled(accepting);
    }

    std::function<void()> onIncoming;
    std::function<void(int error)> onExhausted; // out of descriptors or memory
    std::deque<int> accepted;

private:
    void acceptPending()
    {
        const std::size_t queuedBefore = accepted.size();
        // Bounded per readiness signal; the notifier fires again for the rest.
        for (int i = 0; i < acceptBatch * 4; ++i) {
            const int descriptor = ::accept4(int(socketDescriptor()), nullptr, nullptr,
                                             SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (descriptor >= 0) {
                accepted.push_back(descriptor);
                continue;
            }
            const int error = errno;
            if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM)
                onExhausted(error); // the server pauses every listener
            // EAGAIN: drained. ECONNABORTED, EINTR, EPROTO and the like concern one client
            // that is gone already; the notifier fires again if more are waiting.
            break;
        }
        if (accepted.size() != queuedBefore)
            onIncoming();
    }

    QSocketNotifier *m_notifier = nullptr;
};

namespace {

QString describe(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

} // namespace

BlobServer::BlobServer(ShareRegistry &shares, TransferTracker &transfers, QObject *parent)
    : QObject(parent)
    , m_shares(shares)
    , m_transfers(transfers)
    , m_downloads(shares, transfers)
    , m_responder(shares, {}, &m_downloads)
{
    // A write to a connection the client reset must not kill the process (belt and braces:
    // the writer uses MSG_NOSIGNAL).
    ::signal(SIGPIPE, SIG_IGN);
    connect(&m_housekeeping, &QTimer::timeout, this, &BlobServer::checkDeadlines);
    m_acceptRetry.setInterval(acceptRetryInterval);
    m_acceptRetry.setSingleShot(true);
    connect(&m_acceptRetry, &QTimer::timeout, this, &BlobServer::retryAccepting);
    connect(&m_downloads, &DownloadCounter::downloadCompleted, this,
            &BlobServer::downloadCompleted);
    setSettings(m_settings); // the defaults' housekeeping interval and pump budget
    connect(&m_shares, &ShareRegistry::shareAboutToBeRemoved, this,
            [this](const QByteArray &token) {
                // Transfers of a share that is withdrawn end now.
                const QList<HttpConnection *> connections = m_connections;
                for (HttpConnection *connection : connections) {
                    const Transfer *transfer = m_transfers.find(connection->currentTransferId());
                    if (transfer && transfer->shareToken == token)
                        connection->cancelTransfer(transfer->id, Transfer::State::Cancelled,
                                                   Transfer::Error::None,
                                                   {EndReason::Kind::ShareRemoved});
                }
            });
}

BlobServer::~BlobServer()
{
    stop();
    // Connections already closed wait for deleteLater; they use the scheduler and tracker in
    // their destructor, so they go now, before the members they point to.
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
}

void BlobServer::checkDeadlines()
{
    const qint64 now = monotonicMs();
    const QList<HttpConnection *> connections = m_connections; // timeouts may close some
    // Transfers ended by a timeout are reported once the walk is over.
    const SignalDeferral::Scope deferring;
    for (HttpConnection *connection : connections)
        connection->checkDeadline(now);
    if (m_connections.isEmpty())
        m_housekeeping.stop(); // nothing to watch: no wake-ups while idle
}

void BlobServer::setSettings(const ServerSettings &settings)
{
    const qint64 oldChunk = m_settings.chunkSize;
    m_settings = settings;
    m_responder.setOptions({settings.listSharesAtRoot});
    m_scheduler.setBudget(settings.pumpBudget);
    m_scheduler.setRoundLimit(settings.roundLimit);
    m_scheduler.setRateLimits(settings.rateLimits);
    // Deadlines are checked at a quarter of the shortest timeout, between 20 ms and 1 s.
    const auto shortest
        = std::min({settings.requestHeadTimeout, settings.keepAliveTimeout, settings.stallTimeout});
    m_housekeeping.setInterval(
        std::clamp(shortest / 4, std::chrono::milliseconds(20), std::chrono::milliseconds(1'000)));
    if (oldChunk != settings.chunkSize)
        Q_EMIT chunkSizeChanged(settings.chunkSize);
}

void BlobServer::setRateLimits(const RateLimits &limits)
{
    if (limits == m_settings.rateLimits)
        return;
    m_settings.rateLimits = limits;
    m_scheduler.setRateLimits(limits);
    Q_EMIT rateLimitsChanged(limits);
}

void BlobServer::setChunkSize(qint64 bytes)
{
    if (!ServerSettings::isValidChunkSize(bytes) || bytes == m_settings.chunkSize)
        return;
    m_settings.chunkSize = bytes; // connections read it before each chunk
    Q_EMIT chunkSizeChanged(bytes);
}

Listener *BlobServer::openListener(const QHostAddress &address, quint16 port, QString *error,
                                   bool *inUse)
{
    auto *server = new Listener(this);
    server->onIncoming = [this] { scheduleAccepting(); };
    server->onExhausted = [this](int error) { handleAcceptError(error); };
    if (server->start(address, port, m_settings.listenBacklog)) {
        qCInfo(lcServer, "listening on %s",
               qPrintable(describe(server->serverAddress(), server->serverPort())));
        return server;
    }
    *inUse = server->serverError() == QAbstractSocket::AddressInUseError;
    *error = *inUse
        ? tr("Port %1 is already in use on %2").arg(port).arg(address.toString())
        : tr("Cannot listen on %1: %2").arg(describe(address, port), server->errorString());
    delete server;
    return nullptr;
}

BlobServer::Opened BlobServer::openListeners(const ServerSettings &settings,
                                             const QList<Listener *> &reusable)
{
    Opened result;
    QList<QHostAddress> addresses = settings.bindAddresses;
    const bool everywhere = addresses.isEmpty();
    if (everywhere)
        addresses = {QHostAddress(QHostAddress::AnyIPv4), QHostAddress(QHostAddress::AnyIPv6)};
    quint16 port = settings.port;
    for (const QHostAddress &address : std::as_const(addresses)) {
        const auto same = std::find_if(reusable.cbegin(), reusable.cend(), [&](Listener *old) {
            return port != 0 && old->serverPort() == port && old->serverAddress() == address;
        });
        Listener *server = nullptr;
        QString error;
        if (same != reusable.cend()) {
            server = *same; // already listening there: no second bind
        } else {
            server = openListener(address, port, &error, &result.inUse);
        }
        if (!server) {
            // IPv6 may be missing on the machine; when listening everywhere that is not fatal.
            const bool optional = everywhere && address.protocol() == QAbstractSocket::IPv6Protocol
                && !result.listeners.isEmpty();
            if (optional) {
                qCInfo(lcServer, "%s", qPrintable(error));
                continue;
            }
            for (Listener *opened : std::as_const(result.listeners)) {
                if (!reusable.contains(opened))
                    delete opened;
            }
            result.listeners.clear();
            result.error = error;
            return result;
        }
        result.listeners.append(server);
        if (port == 0)
            port = server->serverPort(); // the same port on every address
    }
    return result;
}

bool BlobServer::start()
{
    stop();
    m_errorString.clear();
    m_listenError = ListenError::None;
    if (!m_poller.isValid()) {
        m_listenError = ListenError::Other;
        m_errorString = tr("Cannot watch connections: %1")
                            .arg(QString::fromLocal8Bit(std::strerror(m_poller.creationError())));
        Q_EMIT errorOccurred(m_errorString);
        return false;
    }
    Opened opened = openListeners(m_settings, {});
    if (opened.listeners.isEmpty()) {
        m_errorString = opened.error;
        m_listenError = opened.inUse ? ListenError::PortInUse : ListenError::Other;
        Q_EMIT errorOccurred(m_errorString);
        return false;
    }
    m_servers = opened.listeners;
    Q_EMIT listeningChanged(true);
    return true;
}

bool BlobServer::rebind(const ServerSettings &settings)
{
    if (!isListening()) {
        setSettings(settings);
        return true;
    }
    m_errorString.clear();
    m_listenError = ListenError::None;
    Opened opened = openListeners(settings, m_servers);
    const bool samePort = settings.port != 0 && settings.port == port();
    if (opened.listeners.isEmpty() && opened.inUse && samePort) {
        // The same port on an address that overlaps ours (say, all addresses to one): our own
        // listeners hold it. Let them go, bind, and take them back if that fails.
        const QList<QHostAddress> oldAddresses = listeningAddresses();
        const quint16 oldPort = port();
        QList<std::deque<int>> waiting;
        for (Listener *server : std::as_const(m_servers))
            waiting.append(std::exchange(server->accepted, {}));
        qDeleteAll(std::exchange(m_servers, {}));
        opened = openListeners(settings, {});
        if (opened.listeners.isEmpty()) {
            ServerSettings previous = settings;
            previous.port = oldPort;
            previous.bindAddresses = oldAddresses;
            m_servers = openListeners(previous, {}).listeners;
        }
        QList<Listener *> &receivers = opened.listeners.isEmpty() ? m_servers : opened.listeners;
        for (const std::deque<int> &descriptors : std::as_const(waiting)) {
            for (int descriptor : descriptors) {
                if (receivers.isEmpty())
                    ::close(descriptor);
                else
                    receivers.first()->accepted.push_back(descriptor);
            }
        }
        if (m_servers.isEmpty() && opened.listeners.isEmpty()) {
            // Someone took the port in between: running transfers go on, nothing new comes in.
            m_errorString = opened.error;
            m_listenError = opened.inUse ? ListenError::PortInUse : ListenError::Other;
            Q_EMIT listeningChanged(false);
            Q_EMIT errorOccurred(m_errorString);
            return false;
        }
    }
    if (opened.listeners.isEmpty()) {
        m_errorString = opened.error; // the old listeners and every transfer carry on
        m_listenError = opened.inUse ? ListenError::PortInUse : ListenError::Other;
        scheduleAccepting(); // for connections moved over while our listeners were let go
        return false;
    }
    // Connections accepted on the old listeners but not yet taken are served all the same;
    // running transfers keep their connections.
    for (Listener *old : std::as_const(m_servers)) {
        if (opened.listeners.contains(old))
            continue;
        for (int descriptor : std::exchange(old->accepted, {}))
            opened.listeners.first()->accepted.push_back(descriptor);
        delete old;
    }
    m_servers = opened.listeners;
    setSettings(settings);
    scheduleAccepting();
    Q_EMIT listeningChanged(true);
    return true;
}

void BlobServer::stop()
{
    const bool wasListening = !m_servers.isEmpty();
    qDeleteAll(m_servers);
    m_servers.clear();
    m_acceptRetry.stop();
    m_acceptPaused = false;
    // A connection may be on the stack (stop() called from a slot it caused to run): each is
    // closed now and deleted from the event loop; ~BlobServer deletes those still waiting.
    const QList<HttpConnection *> connections = std::exchange(m_connections, {});
    for (HttpConnection *connection : connections) {
        disconnect(connection, nullptr, this, nullptr);
        connection->cancelTransfer(connection->currentTransferId(), Transfer::State::Failed,
                                   Transfer::Error::ServerStopped,
                                   {EndReason::Kind::ServerStopped});
        connection->close();
        connection->deleteLater();
    }
    if (wasListening)
        Q_EMIT listeningChanged(false);
}

quint16 BlobServer::port() const
{
    return m_servers.isEmpty() ? 0 : m_servers.first()->serverPort();
}

QList<QHostAddress> BlobServer::listeningAddresses() const
{
    QList<QHostAddress> addresses;
    for (const Listener *server : m_servers)
        addresses.append(server->serverAddress());
    return addresses;
}

void BlobServer::scheduleAccepting()
{
    if (m_acceptScheduled)
        return;
    m_acceptScheduled = true;
    // Connections are set up after the loop has had a turn, a batch at a time, so painting and
    // pumping go on during a burst.
    QTimer::singleShot(0, this, &BlobServer::takeAcceptedConnections);
}

void BlobServer::handleAcceptError(int error)
{
    // Every listener pauses: they share the process's descriptors.
    for (Listener *server : std::as_const(m_servers))
        server->setAccepting(false);
    if (!m_acceptPaused) {
        m_acceptPaused = true;
        const QString reason = error == EMFILE || error == ENFILE
            ? tr("Cannot accept connections: out of file descriptors%1; new connections wait "
                 "until some close")
                  .arg(error == EMFILE ? descriptorLimit() : tr(" (system-wide)"))
            : tr("Cannot accept connections: out of memory (%1); new connections wait")
                  .arg(QString::fromLocal8Bit(std::strerror(error)));
        Q_EMIT acceptingPaused(reason);
    }
    m_acceptRetry.start();
}

void BlobServer::retryAccepting()
{
    // A failure pauses the listeners again and restarts the retry timer.
    for (Listener *server : std::as_const(m_servers))
        server->setAccepting(true);
}

void BlobServer::takeAcceptedConnections()
{
    m_acceptScheduled = false;
    if (m_acceptPaused && !m_acceptRetry.isActive()) {
        m_acceptPaused = false;
        Q_EMIT acceptingResumed();
    }
    ConnectionContext context;
    context.settings = &m_settings;
    context.responder = &m_responder;
    context.shares = &m_shares;
    context.transfers = &m_transfers;
    context.scheduler = &m_scheduler;
    context.accessLog = &m_accessLog;
    context.poller = &m_poller;
    context.workers = &m_shares.workers();
    context.downloads = &m_downloads;
    context.blocklist = &m_blocklist;

    int taken = 0;
    bool more = false;
    for (Listener *server : std::as_const(m_servers)) {
        while (!server->accepted.empty() && taken < acceptBatch) {
            const int descriptor = server->accepted.front();
            server->accepted.pop_front();
            ++taken;
            auto *connection = new HttpConnection(descriptor, context, this);
            m_connections.append(connection);
            if (!m_housekeeping.isActive())
                m_housekeeping.start();
            connect(connection, &HttpConnection::closed, this,
                    [this, connection] { handleConnectionClosed(connection); });
            if (m_connections.size() > m_settings.maxConnections)
                connection->rejectAsBusy();
        }
        more |= !server->accepted.empty();
    }
    if (more)
        scheduleAccepting();
}

void BlobServer::handleConnectionClosed(HttpConnection *connection)
{
    m_connections.removeOne(connection);
    connection->deleteLater();
}

bool BlobServer::cancelTransfer(quint64 transferId)
{
    for (HttpConnection *connection : std::as_const(m_connections)) {
        if (connection->currentTransferId() == transferId)
            return connection->cancelTransfer(transferId, Transfer::State::Cancelled,
                                              Transfer::Error::None,
                                              {EndReason::Kind::CancelledByUser});
    }
    return false;
}

bool BlobServer::pauseTransfer(quint64 transferId)
{
    return setTransferPaused(transferId, true);
}

bool BlobServer::resumeTransfer(quint64 transferId)
{
    return setTransferPaused(transferId, false);
}

bool BlobServer::setTransferPaused(quint64 transferId, bool paused)
{
    for (HttpConnection *connection : std::as_const(m_connections)) {
        if (connection->setPaused(transferId, paused)) {
            m_transfers.setPaused(transferId, paused);
            return true;
        }
    }
    return false;
}

bool BlobServer::blockClient(const QHostAddress &address)
{
    if (!m_blocklist.block(address))
        return false;
    qCInfo(lcServer, "blocked %s", qPrintable(address.toString()));
    const QList<HttpConnection *> connections = m_connections; // closing removes them
    for (HttpConnection *connection : connections) {
        if (!m_blocklist.contains(connection->peerAddress()))
            continue;
        if (!connection->cancelTransfer(connection->currentTransferId(), Transfer::State::Cancelled,
                                        Transfer::Error::ClientBlocked,
                                        {EndReason::Kind::ClientBlocked}))
            connection->close(); // idle, or answering: dropped all the same
    }
    Q_EMIT blockedClientsChanged();
    return true;
}

bool BlobServer::unblockClient(const QHostAddress &address)
{
    if (!m_blocklist.unblock(address))
        return false;
    qCInfo(lcServer, "unblocked %s", qPrintable(address.toString()));
    Q_EMIT blockedClientsChanged();
    return true;
}

} // namespace Sluice
