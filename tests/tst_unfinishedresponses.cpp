// How responses that cannot complete end: with a reset that leaves nothing queued in the kernel,
// and, when the file is rewritten under them, right after the chunk in flight.

#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

// Rewrites `path` in place: same inode, same size, new bytes and a new modification time.
bool rewriteInPlace(const QString &path, const QByteArray &bytes)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    qint64 done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0)
            break;
        done += n;
    }
    return ::close(fd) == 0 && done == bytes.size();
}

bool setModificationTime(const QString &path, qint64 seconds, long nanoseconds)
{
    const struct timespec times[2] = {{0, UTIME_OMIT}, {time_t(seconds), nanoseconds}};
    return ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0) == 0;
}

enum class Drop { Stalled, Cancelled, ShareRemoved, ServerStopped, FileTruncated };

} // namespace

class tst_UnfinishedResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void droppedResponsesLeaveNothingQueued_data();
    void droppedResponsesLeaveNothingQueued();
    void completeResponseClosesGracefully();
    void inPlaceRewriteEndsTransfersAfterTheChunkInFlight_data();
    void inPlaceRewriteEndsTransfersAfterTheChunkInFlight();
    void rewriteInTheSameSecondChangesTheETag();
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
                 qPrintable(transfer->endReason.text()));
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

void tst_UnfinishedResponses::inPlaceRewriteEndsTransfersAfterTheChunkInFlight_data()
{
    QTest::addColumn<qint64>("chunkSize");
    QTest::addRow("mid-body, 1 MiB chunks") << qint64(1024 * 1024);
    // One chunk holds the whole body: the chunk in flight is the last one.
    QTest::addRow("in the last chunk") << ServerSettings::maxChunkSize;
}

void tst_UnfinishedResponses::inPlaceRewriteEndsTransfersAfterTheChunkInFlight()
{
    QFETCH(qint64, chunkSize);
    ServerSettings settings = TestServer::defaultSettings();
    settings.chunkSize = chunkSize;
    TestServer server(settings);
    const QString name = QStringLiteral("rewritten.bin");
    const qint64 size = 32 * 1024 * 1024;
    const QByteArray token = server.shareNewFile(name, size);
    const QString path = server.pathOf(name);
    const QByteArray original = TestServer::contentOf(path);
    const QByteArray rewritten = TestServer::patternBytes(size, 4242);
    QVERIFY(server.start());
    RawClient probe(server.port());
    const QByteArray etagBefore
        = probe.request(getRequest(server.linkPath(token), {}, "HEAD"), true).header("etag");
    QVERIFY(!etagBefore.isEmpty());

    // Two downloads, each started while the other waits for its client to read, so each is
    // served as one transfer at a time would be, and both stop mid-body.
    std::vector<std::unique_ptr<RawClient>> clients;
    QList<quint64> ids;
    for (int i = 0; i < 2; ++i) {
        clients.push_back(
            std::make_unique<RawClient>(server.port(), QHostAddress::LocalHost, 64 * 1024));
        clients.back()->send(getRequest(server.linkPath(token), "Connection: close\r\n"));
        QVERIFY(waitUntil([&] { return server.transfers.activeCount() == i + 1; }));
        ids.append(server.transfers.ids().constLast());
        qint64 before = -1;
        QVERIFY(waitUntil([&] {
            // Settled: no progress while its client does not read.
            QTest::qWait(50);
            const qint64 now = server.transfers.find(ids.last())->bytesSent;
            return now > 0 && std::exchange(before, now) == now;
        }));
    }
    // What the server handed to the kernel before the change (the server runs on this thread,
    // so nothing moves until the loop runs again).
    QList<qint64> sentBeforeChange;
    for (quint64 id : std::as_const(ids)) {
        sentBeforeChange.append(server.transfers.find(id)->bytesSent);
        QVERIFY2(sentBeforeChange.last() < size - 4 * 1024 * 1024, "the download is mid-body");
    }
    QVERIFY(rewriteInPlace(path, rewritten));

    QSignalSpy finished(&server.transfers, &TransferTracker::transferFinished);
    QVERIFY(waitUntil(
        [&] {
            for (auto &client : clients)
                client->readPending();
            return std::all_of(clients.begin(), clients.end(),
                               [](const auto &client) { return client->isDisconnected(); });
        },
        30'000));
    for (int i = 0; i < 2; ++i) {
        RawClient &client = *clients[size_t(i)];
        client.readPending();
        const Transfer *transfer = server.transfers.find(ids[i]);
        QCOMPARE(int(transfer->state), int(Transfer::State::Failed));
        QCOMPARE(int(transfer->error), int(Transfer::Error::FileChanged));
        QVERIFY(!transfer->endReason.isNone());

        const ParsedResponse response = parseResponses(client.received(), {}, true).value(0);
        QCOMPARE(response.status, 200);
        QVERIFY2(!response.complete, "a complete response, with bytes from both versions");
        // Before the change: the original bytes. After it: at most the chunk in flight, each
        // byte from one version or the other.
        const qint64 clean = std::min<qint64>(sentBeforeChange[i], response.body.size());
        QVERIFY(response.body.startsWith(QByteArrayView(original).first(clean)));
        QVERIFY2(response.body.size() <= sentBeforeChange[i] + chunkSize,
                 qPrintable(QStringLiteral("%1 bytes received, %2 sent before the change")
                                .arg(response.body.size())
                                .arg(sentBeforeChange[i])));
        for (qsizetype at = clean; at < response.body.size(); ++at) {
            const char byte = response.body[at];
            QVERIFY2(byte == original[at] || byte == rewritten[at], "a byte of neither version");
        }
    }

    const ParsedResponse fresh = probe.request(getRequest(server.linkPath(token)));
    QCOMPARE(fresh.status, 200);
    QVERIFY(fresh.header("etag") != etagBefore);
    QVERIFY(fresh.body == rewritten);
}

void tst_UnfinishedResponses::rewriteInTheSameSecondChangesTheETag()
{
    TestServer server;
    const QString name = QStringLiteral("small.bin");
    const QByteArray token = server.shareNewFile(name, 4 * 1024);
    const QString path = server.pathOf(name);
    QVERIFY(server.start());
    const qint64 second = QDateTime::currentSecsSinceEpoch() - 60;
    QVERIFY(setModificationTime(path, second, 100));
    RawClient client(server.port());
    const ParsedResponse before = client.request(getRequest(server.linkPath(token)));

    // Rewritten in place within the same second: only the nanoseconds tell the versions apart.
    const QByteArray rewritten = TestServer::patternBytes(4 * 1024, 7);
    QVERIFY(rewriteInPlace(path, rewritten));
    QVERIFY(setModificationTime(path, second, 200));
    const ParsedResponse after = client.request(getRequest(server.linkPath(token)));
    QCOMPARE(after.body, rewritten);
    QCOMPARE(after.header("last-modified"), before.header("last-modified"));
    QVERIFY2(after.header("etag") != before.header("etag"), before.header("etag").constData());
    // A client holding the old ETag gets the new file, not 304.
    const ParsedResponse revalidated = client.request(
        getRequest(server.linkPath(token), "If-None-Match: " + before.header("etag") + "\r\n"));
    QCOMPARE(revalidated.status, 200);
}

QTEST_GUILESS_MAIN(tst_UnfinishedResponses)
#include "tst_unfinishedresponses.moc"
