// How responses that cannot complete end: with a reset that leaves nothing queued in the kernel.

#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QtEndian>

#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

struct Endpoint
{
    QHostAddress address;
    quint16 port = 0;
    bool operator==(const Endpoint &other) const
    {
        return port == other.port && address.isEqual(other.address);
    }
};

// "0100007F:1F90" (IPv4) or 32 hex digits and a port (IPv6), as /proc/net/tcp{,6} print them:
// each 32-bit word of the address in host byte order.
Endpoint parseEndpoint(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split(':');
    Endpoint endpoint;
    endpoint.port = parts.value(1).toUShort(nullptr, 16);
    const QByteArray hex = parts.value(0);
    quint8 bytes[16] = {};
    const qsizetype words = hex.size() / 8;
    for (qsizetype i = 0; i < words && i < 4; ++i) {
        const quint32 word = hex.mid(i * 8, 8).toUInt(nullptr, 16);
        std::memcpy(bytes + i * 4, &word, sizeof word);
    }
    if (words == 1)
        endpoint.address.setAddress(qFromBigEndian<quint32>(bytes));
    else
        endpoint.address.setAddress(bytes);
    bool isV4 = false;
    const quint32 v4 = endpoint.address.toIPv4Address(&isV4);
    if (isV4)
        endpoint.address.setAddress(v4);
    return endpoint;
}

struct KernelSocket
{
    Endpoint local;
    Endpoint remote;
    qint64 queuedBytes = 0; // tx_queue: sent but not acknowledged, and not sent yet
};

// The kernel's TCP sockets of this network namespace, orphans (closed by their owner) included.
QList<KernelSocket> kernelTcpSockets()
{
    QList<KernelSocket> sockets;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) { // the first line names the columns
            const QList<QByteArray> fields = lines[i].simplified().split(' ');
            if (fields.size() < 5)
                continue;
            KernelSocket socket;
            socket.local = parseEndpoint(fields[1]);
            socket.remote = parseEndpoint(fields[2]);
            socket.queuedBytes = fields[4].split(':').value(0).toLongLong(nullptr, 16);
            sockets.append(socket);
        }
    }
    return sockets;
}

// The largest send queue of any socket of the connection between `a` and `b` (either side);
// -1 when the kernel has no socket of that connection left.
qint64 queuedOnConnection(const Endpoint &a, const Endpoint &b)
{
    qint64 queued = -1;
    for (const KernelSocket &socket : kernelTcpSockets()) {
        if ((socket.local == a && socket.remote == b) || (socket.local == b && socket.remote == a))
            queued = std::max(queued, socket.queuedBytes);
    }
    return queued;
}

qint64 queuedOnSide(const Endpoint &local, const Endpoint &remote)
{
    for (const KernelSocket &socket : kernelTcpSockets()) {
        if (socket.local == local && socket.remote == remote)
            return socket.queuedBytes;
    }
    return -1;
}

// A client that sends one request and never reads: a small receive buffer, so the server's
// bytes pile up in the server's send queue.
class NonReadingClient
{
public:
    NonReadingClient(quint16 port, const QByteArray &request)
        : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        const int receiveBuffer = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected
            = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0
            && ::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL)
                == ssize_t(request.size());
        sockaddr_in local = {};
        socklen_t length = sizeof local;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&local), &length);
        m_local = {QHostAddress(QHostAddress::LocalHost), ntohs(local.sin_port)};
    }
    ~NonReadingClient() { ::close(m_fd); }
    NonReadingClient(const NonReadingClient &) = delete;
    NonReadingClient &operator=(const NonReadingClient &) = delete;

    bool isConnected() const { return m_connected; }
    Endpoint local() const { return m_local; }
    // Reads (and drops) what has arrived, at most `maxBytes`.
    void readSome(qint64 maxBytes)
    {
        char buffer[16 * 1024];
        for (qint64 total = 0; total < maxBytes;) {
            const ssize_t got
                = ::recv(m_fd, buffer, size_t(std::min<qint64>(maxBytes - total, sizeof buffer)),
                         MSG_DONTWAIT);
            if (got <= 0)
                return;
            total += got;
        }
    }

private:
    int m_fd;
    bool m_connected = false;
    Endpoint m_local;
};

enum class Drop { Stalled, Cancelled, ShareRemoved, ServerStopped, FileTruncated };

} // namespace

class tst_UnfinishedResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void droppedResponsesLeaveNothingQueued_data();
    void droppedResponsesLeaveNothingQueued();
    void completeResponseClosesGracefully();
};

void tst_UnfinishedResponses::droppedResponsesLeaveNothingQueued_data()
{
    QTest::addColumn<Drop>("drop");
    QTest::addColumn<Transfer::State>("state");
    QTest::addColumn<Transfer::Error>("error");
    QTest::addRow("stalled") << Drop::Stalled << Transfer::State::Failed
                             << Transfer::Error::Stalled;
    QTest::addRow("cancelled") << Drop::Cancelled << Transfer::State::Cancelled
                               << Transfer::Error::None;
    QTest::addRow("share removed")
        << Drop::ShareRemoved << Transfer::State::Cancelled << Transfer::Error::None;
    QTest::addRow("server stopped")
        << Drop::ServerStopped << Transfer::State::Failed << Transfer::Error::ServerStopped;
    QTest::addRow("file truncated")
        << Drop::FileTruncated << Transfer::State::Failed << Transfer::Error::FileTruncated;
}

void tst_UnfinishedResponses::droppedResponsesLeaveNothingQueued()
{
    QFETCH(Drop, drop);
    QFETCH(Transfer::State, state);
    QFETCH(Transfer::Error, error);
    ServerSettings settings = TestServer::defaultSettings();
    settings.stallTimeout = std::chrono::milliseconds(drop == Drop::Stalled ? 300 : 60'000);
    TestServer server(settings);
    const QString name = QStringLiteral("big.bin");
    const QByteArray token = server.shareNewFile(name, 32 * 1024 * 1024);
    QVERIFY(server.start());
    QSignalSpy finished(&server.transfers, &TransferTracker::transferFinished);

    NonReadingClient client(server.port(), getRequest(server.linkPath(token)));
    QVERIFY(client.isConnected());
    const Endpoint serverSide {QHostAddress(QHostAddress::LocalHost), server.port()};
    QVERIFY(waitUntil([&] { return server.transfers.activeCount() == 1; }));
    const quint64 id = server.transfers.ids().constLast();
    // The server's send queue holds bytes the client has not taken: what a graceful close
    // would keep retransmitting.
    QVERIFY2(waitUntil([&] { return queuedOnSide(serverSide, client.local()) > 0; }),
             "the server's socket never had bytes queued");

    switch (drop) {
    case Drop::Stalled:
        break; // the stall timeout drops it
    case Drop::Cancelled:
        QVERIFY(server.server.cancelTransfer(id));
        break;
    case Drop::ShareRemoved:
        QVERIFY(server.shares.remove(token));
        break;
    case Drop::ServerStopped:
        server.server.stop();
        break;
    case Drop::FileTruncated:
        QVERIFY(QFile::resize(server.pathOf(name), 1024 * 1024));
        // The server notices when it may send again; the client stops reading once it has.
        QVERIFY(waitUntil([&] {
            client.readSome(256 * 1024);
            return server.transfers.activeCount() == 0;
        }));
        break;
    }
    QVERIFY(finished.size() == 1 || finished.wait(10'000));
    const Transfer *transfer = server.transfers.find(id);
    QCOMPARE(int(transfer->state), int(state));
    if (drop == Drop::FileTruncated) // caught by the size check or by the send (EFAULT)
        QVERIFY2(transfer->error == error || transfer->error == Transfer::Error::FileChanged,
                 qPrintable(transfer->endReason));
    else
        QCOMPARE(int(transfer->error), int(error));

    // A reset, not a graceful close: within a second, nothing of this connection is queued.
    qint64 queued = 0;
    QVERIFY2(waitUntil(
                 [&] {
                     queued = queuedOnConnection(serverSide, client.local());
                     return queued <= 0;
                 },
                 1'000),
             qPrintable(QStringLiteral("%1 bytes still queued").arg(queued)));
}

void tst_UnfinishedResponses::completeResponseClosesGracefully()
{
    // The counterpart: a complete response with Connection: close is not reset; the client reads
    // all of it and then the end of the stream, even when it starts reading late.
    TestServer server;
    const QByteArray token = server.shareNewFile(QStringLiteral("file.bin"), 3 * 1024 * 1024);
    const QByteArray content = TestServer::contentOf(server.pathOf(QStringLiteral("file.bin")));
    QVERIFY(server.start());
    RawClient client(server.port(), QHostAddress::LocalHost, 64 * 1024);
    client.send(getRequest(server.linkPath(token), "Connection: close\r\n"));
    QVERIFY(waitUntil([&] { return server.transfers.activeCount() == 1; }));
    const quint64 id = server.transfers.ids().constLast();
    QVERIFY(waitUntil([&] {
        client.readPending();
        return server.transfers.find(id)->state == Transfer::State::Completed;
    }));
    QVERIFY(waitUntil([&] {
        client.readPending();
        return client.isDisconnected() && client.socket().bytesAvailable() == 0;
    }));
    client.readPending();
    const ParsedResponse response = parseResponses(client.received(), {}, true).value(0);
    QVERIFY(response.complete);
    QCOMPARE(response.body, content);
}

QTEST_GUILESS_MAIN(tst_UnfinishedResponses)
#include "tst_unfinishedresponses.moc"
