#include "blobserver.h"

#include <csignal>
#include <deque>
#include <functional>
#include <unistd.h>

#include <QLoggingCategory>

#include "httpconnection.h"
#include "shareregistry.h"
#include "transfertracker.h"

Q_LOGGING_CATEGORY(lcServer, "sluice.server", QtInfoMsg)

namespace Sluice {
namespace {

// Accept at most this many connections per readiness signal, so a burst cannot hold the loop.
constexpr int acceptBatch = 64;

} // namespace

// A QTcpServer that hands over bare descriptors: connections use them directly, without a
// QTcpSocket each. Accepted descriptors queue here until the server takes them in batches.
class Listener : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    ~Listener() override
    {
        for (int descriptor : accepted)
            ::close(descriptor);
    }
    std::function<void()> onIncoming;
    std::deque<int> accepted;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        accepted.push_back(int(descriptor));
        onIncoming();
    }
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
    , m_responder(shares, {})
{
    // A write to a connection the client reset must not kill the process (belt and braces:
    // the writer uses MSG_NOSIGNAL).
    ::signal(SIGPIPE, SIG_IGN);
    connect(&m_housekeeping, &QTimer::timeout, this, &BlobServer::checkDeadlines);
    setSettings(m_settings); // the defaults' housekeeping interval and pump budget
    connect(
        &m_shares, &ShareRegistry::shareAboutToBeRemoved, this, [this](const QByteArray &token) {
            // Transfers of a share that is withdrawn end now.
            const QList<HttpConnection *> connections = m_connections;
            for (HttpConnection *connection : connections) {
                const Transfer *transfer = m_transfers.find(connection->currentTransferId());
                if (transfer && transfer->shareToken == token)
                    connection->cancelTransfer(transfer->id, Transfer::State::Cancelled,
                                               Transfer::Error::None, tr("the share was removed"));
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
    const qint64 now = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count();
    const QList<HttpConnection *> connections = m_connections; // timeouts may close some
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
    // Deadlines are checked at a quarter of the shortest timeout, between 20 ms and 1 s.
    const auto shortest
        = std::min({settings.requestHeadTimeout, settings.keepAliveTimeout, settings.stallTimeout});
    m_housekeeping.setInterval(
        std::clamp(shortest / 4, std::chrono::milliseconds(20), std::chrono::milliseconds(1'000)));
    if (oldChunk != settings.chunkSize)
        Q_EMIT chunkSizeChanged(settings.chunkSize);
}

void BlobServer::setChunkSize(qint64 bytes)
{
    if (!ServerSettings::isValidChunkSize(bytes) || bytes == m_settings.chunkSize)
        return;
    m_settings.chunkSize = bytes; // connections read it before each chunk
    Q_EMIT chunkSizeChanged(bytes);
}

bool BlobServer::listenOn(const QHostAddress &address, quint16 port, bool optional)
{
    auto *server = new Listener(this);
    server->onIncoming = [this] { scheduleAccepting(); };
    server->setListenBacklogSize(m_settings.listenBacklog);
    if (!server->listen(address, port)) {
        const QString message = server->serverError() == QAbstractSocket::AddressInUseError
            ? tr("Port %1 is already in use on %2").arg(port).arg(address.toString())
            : tr("Cannot listen on %1: %2").arg(describe(address, port), server->errorString());
        delete server;
        if (optional) {
            qCInfo(lcServer, "%s", qPrintable(message));
            return true;
        }
        m_errorString = message;
        return false;
    }
    m_servers.append(server);
    qCInfo(lcServer, "listening on %s",
           qPrintable(describe(server->serverAddress(), server->serverPort())));
    return true;
}

bool BlobServer::start()
{
    stop();
    m_errorString.clear();
    QList<QHostAddress> addresses = m_settings.bindAddresses;
    const bool everywhere = addresses.isEmpty();
    if (everywhere)
        addresses = {QHostAddress(QHostAddress::AnyIPv4), QHostAddress(QHostAddress::AnyIPv6)};
    quint16 port = m_settings.port;
    for (const QHostAddress &address : std::as_const(addresses)) {
        // IPv6 may be missing on the machine; when listening everywhere that is not fatal.
        const bool optional = everywhere && address.protocol() == QAbstractSocket::IPv6Protocol
            && !m_servers.isEmpty();
        if (!listenOn(address, port, optional)) {
            stop();
            Q_EMIT errorOccurred(m_errorString);
            return false;
        }
        if (port == 0 && !m_servers.isEmpty())
            port = m_servers.first()->serverPort(); // the same port on every address
    }
    Q_EMIT listeningChanged(true);
    return true;
}

void BlobServer::stop()
{
    const bool wasListening = !m_servers.isEmpty();
    qDeleteAll(m_servers);
    m_servers.clear();
    // Connections reference the tracker and scheduler: end them while those still exist.
    const QList<HttpConnection *> connections = std::exchange(m_connections, {});
    for (HttpConnection *connection : connections) {
        disconnect(connection, nullptr, this, nullptr);
        connection->cancelTransfer(connection->currentTransferId(), Transfer::State::Failed,
                                   Transfer::Error::ServerStopped, tr("the server stopped"));
        delete connection;
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

void BlobServer::takeAcceptedConnections()
{
    m_acceptScheduled = false;
    ConnectionContext context;
    context.settings = &m_settings;
    context.responder = &m_responder;
    context.shares = &m_shares;
    context.transfers = &m_transfers;
    context.scheduler = &m_scheduler;
    context.accessLog = &m_accessLog;

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
                                              Transfer::Error::None, tr("cancelled"));
    }
    return false;
}

} // namespace Sluice
