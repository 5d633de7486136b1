// Hostile clients and a hostile file system, against a real server on loopback. Every attack is
// bounded in connections and time; the assertions are about the server still serving, what it
// reports, and what it keeps (memory, descriptors, transfers) afterwards.

#include <csignal>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QString sluiceBinary = QStringLiteral(SLUICE_BINARY);

// AddressSanitizer's redzones and quarantine make resident memory meaningless as a leak or
// bound check; it checks leaks itself.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool memoryFiguresAreMeaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool memoryFiguresAreMeaningful = false;
#else
constexpr bool memoryFiguresAreMeaningful = true;
#endif
#else
constexpr bool memoryFiguresAreMeaningful = true;
#endif

// Anonymous resident memory of a process, in KiB: heap and buffers, not mapped files.
qint64 anonymousRssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("RssAnon:"))
            return line.mid(8).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

int openDescriptors(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                   .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                   .size());
}

int openSockets(qint64 pid)
{
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    int sockets = 0;
    for (const QFileInfo &fd :
         fds.entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
        if (fd.symLinkTarget().contains(QLatin1String("socket:")))
            ++sockets;
    }
    return sockets;
}

double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong())
        / double(::sysconf(_SC_CLK_TCK));
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

// The headless binary on 127.0.0.1 with a random port, sharing one file.
class HeadlessServer
{
public:
    HeadlessServer(const QString &blob, const QStringList &extraArguments,
                   rlim_t descriptorLimit = 0)
    {
        if (descriptorLimit > 0) {
            m_process.setChildProcessModifier([descriptorLimit] {
                const struct rlimit limit = {descriptorLimit, descriptorLimit};
                ::setrlimit(RLIMIT_NOFILE, &limit);
            });
        }
        m_process.start(sluiceBinary,
                        QStringList {QStringLiteral("--headless"), QStringLiteral("--blob"), blob,
                                     QStringLiteral("--port"), QStringLiteral("0"),
                                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                     QStringLiteral("--access-log"), QStringLiteral("/dev/null")}
                            + extraArguments);
        m_process.waitForStarted();
        waitUntil(
            [&] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; });
        url = QUrl(QString::fromLatin1(m_process.readLine().trimmed()));
    }
    ~HeadlessServer()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5'000))
            m_process.kill();
        m_process.waitForFinished();
    }
    bool isValid() const { return url.isValid() && url.port() > 0; }
    qint64 pid() const { return m_process.processId(); }
    quint16 port() const { return quint16(url.port()); }
    QByteArray path() const { return url.path(QUrl::FullyEncoded).toLatin1(); }
    QByteArray standardError()
    {
        m_errors += m_process.readAllStandardError();
        return m_errors;
    }

    QUrl url;

private:
    QProcess m_process;
    QByteArray m_errors;
};

// A plain blocking loopback socket: connects without the server having accepted it yet.
int connectRaw(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

qint64 receiveAvailable(int fd, qint64 atMost)
{
    char buffer[16 * 1024];
    qint64 total = 0;
    while (total < atMost) {
        const ssize_t got = ::recv(
            fd, buffer, size_t(std::min<qint64>(atMost - total, sizeof buffer)), MSG_DONTWAIT);
        if (got <= 0)
            break;
        total += got;
    }
    return total;
}

void resetConnection(int fd)
{
    const struct linger abortive = {1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    ::close(fd);
}

// Reads what each (manually read) client has received until every connection has ended.
bool readUntilAllDisconnected(std::vector<std::unique_ptr<RawClient>> &clients, int timeoutMs)
{
    return waitUntil(
        [&] {
            for (auto &client : clients)
                client->readPending();
            return std::all_of(clients.begin(), clients.end(),
                               [](const auto &client) { return client->isDisconnected(); });
        },
        timeoutMs);
}

// GETs the whole file once and reports how long it took.
struct TimedGet
{
    ParsedResponse response;
    qint64 elapsedMs = 0;
};

TimedGet timedGet(quint16 port, const QByteArray &path)
{
    QElapsedTimer timer;
    timer.start();
    RawClient client(port);
    TimedGet result;
    result.response = client.request(getRequest(path, "Connection: close\r\n"));
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace

class tst_Robustness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void slowHttpAttackLeavesServiceResponsive_data();
    void slowHttpAttackLeavesServiceResponsive();
    void connectionFloodGets503AndServiceRecovers();
    void outOfDescriptorsPausesAcceptingAndRecovers();
    void vanishingClientsLeaveNothingBehind();
    void fileChangesEndOnlyTheAffectedTransfers();

private:
    QTemporaryDir m_dir;
    QString m_blob;
    QByteArray m_content;
};

void tst_Robustness::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_blob = m_dir.filePath(QStringLiteral("blob.bin"));
    m_content = TestServer::patternBytes(4 * 1024 * 1024);
    QVERIFY(TestServer::writeFile(m_blob, m_content));
}

void tst_Robustness::slowHttpAttackLeavesServiceResponsive_data()
{
    // slowhttptest's own modes: slowloris (headers trickle in) and slow read (tiny window).
    QTest::addColumn<QStringList>("attack");
    QTest::addColumn<int>("heldConnections");
    QTest::addRow("slowloris") << QStringList {
        QStringLiteral("-H"), QStringLiteral("-i"), QStringLiteral("5"), QStringLiteral("-x"),
        QStringLiteral("24")} << 520;
    QTest::addRow("slow read") << QStringList {QStringLiteral("-X"),   QStringLiteral("-w"),
                                               QStringLiteral("512"),  QStringLiteral("-y"),
                                               QStringLiteral("1024"), QStringLiteral("-n"),
                                               QStringLiteral("5"),    QStringLiteral("-z"),
                                               QStringLiteral("32"),   QStringLiteral("-k"),
                                               QStringLiteral("1")}
                               << 520;
}

void tst_Robustness::slowHttpAttackLeavesServiceResponsive()
{
    QFETCH(QStringList, attack);
    QFETCH(int, heldConnections);
    const QString slowhttptest = QStandardPaths::findExecutable(QStringLiteral("slowhttptest"));
    if (slowhttptest.isEmpty())
        QSKIP("slowhttptest is not installed (apt install slowhttptest)");

    const qint64 chunk = 64 * 1024;
    HeadlessServer server(m_blob,
                          {QStringLiteral("--chunk-size"), QString::number(chunk),
                           QStringLiteral("--max-connections"), QStringLiteral("2000"),
                           QStringLiteral("--head-timeout"), QStringLiteral("60s"),
                           QStringLiteral("--stall-timeout"), QStringLiteral("60s")});
    QVERIFY(server.isValid());
    const qint64 rssBefore = anonymousRssKiB(server.pid());
    const int descriptorsBefore = openDescriptors(server.pid());
    const int socketsBefore = openSockets(server.pid());

    QProcess attacker;
    attacker.setProcessChannelMode(QProcess::MergedChannels);
    attacker.start(slowhttptest,
                   attack
                       + QStringList {QStringLiteral("-c"), QString::number(heldConnections + 50),
                                      QStringLiteral("-r"), QStringLiteral("400"),
                                      QStringLiteral("-l"), QStringLiteral("40"),
                                      QStringLiteral("-p"), QStringLiteral("5"),
                                      QStringLiteral("-u"), server.url.toString()});
    QVERIFY(attacker.waitForStarted());
    // Held means all connected and the server settled: the count is steady and the server is
    // mostly idle (slow readers have had their socket buffers filled, which takes a burst of
    // CPU like any download start).
    int previousCount = -1;
    double previousCpu = cpuSeconds(server.pid());
    const bool held = waitUntil(
        [&] {
            QTest::qWait(500);
            const int count = openSockets(server.pid()) - socketsBefore;
            const double cpu = cpuSeconds(server.pid());
            const bool settled = count == previousCount && cpu - previousCpu < 0.1;
            previousCount = count;
            previousCpu = cpu;
            return settled && count >= heldConnections;
        },
        30'000);
    const int connectionsHeld = openSockets(server.pid()) - socketsBefore;
    QVERIFY2(held,
             qPrintable(QStringLiteral("only %1 connections held; slowhttptest said: %2")
                            .arg(connectionsHeld)
                            .arg(QString::fromLocal8Bit(attacker.readAll().right(2000)))));

    const TimedGet get = timedGet(server.port(), server.path());
    QCOMPARE(get.response.status, 200);
    QCOMPARE(sha256(get.response.body), sha256(m_content));
    QVERIFY2(get.elapsedMs < 1'000,
             qPrintable(QStringLiteral("a normal GET took %1 ms beside %2 slow connections")
                            .arg(get.elapsedMs)
                            .arg(connectionsHeld)));

    // At most one chunk per held connection, plus slack for bookkeeping and the allocator.
    const qint64 growthKiB = anonymousRssKiB(server.pid()) - rssBefore;
    const qint64 boundKiB = connectionsHeld * chunk / 1024 + 16 * 1024;
    qInfo("%d connections held; GET in %lld ms; anonymous RSS +%lld KiB (bound %lld KiB)",
          connectionsHeld, get.elapsedMs, growthKiB, boundKiB);
    QVERIFY2(!memoryFiguresAreMeaningful || growthKiB <= boundKiB,
             qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(growthKiB)));

    attacker.kill();
    attacker.waitForFinished();
    // Only the shared file stays open: the share keeps its current version open for requests.
    QVERIFY(
        waitUntil([&] { return openDescriptors(server.pid()) <= descriptorsBefore + 1; }, 20'000));
}

void tst_Robustness::connectionFloodGets503AndServiceRecovers()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.maxConnections = 40;
    TestServer server(settings);
    const QByteArray big = server.shareNewFile(QStringLiteral("big.bin"), 48 * 1024 * 1024);
    const QByteArray small = server.shareNewFile(QStringLiteral("small.bin"), 4 * 1024);
    const QByteArray bigContent = TestServer::contentOf(server.pathOf(QStringLiteral("big.bin")));
    QVERIFY(server.start());

    // Five transfers under way, read slowly enough to outlast the flood.
    std::vector<std::unique_ptr<RawClient>> running;
    for (int i = 0; i < 5; ++i) {
        running.push_back(
            std::make_unique<RawClient>(server.port(), QHostAddress::LocalHost, 256 * 1024));
        running.back()->send(getRequest(server.linkPath(big), "Connection: close\r\n"));
    }
    QVERIFY(waitUntil([&] { return server.transfers.activeCount() == 5; }));

    const int flood = 300;
    std::vector<std::unique_ptr<RawClient>> flooders;
    for (int i = 0; i < flood; ++i) {
        flooders.push_back(std::make_unique<RawClient>(server.port()));
        flooders.back()->send(getRequest(server.linkPath(small), "Connection: close\r\n"));
    }
    QVERIFY(waitUntil(
        [&] {
            for (auto &client : running)
                client->socket().bytesAvailable() < 128 * 1024 ? client->readPending() : void();
            return std::all_of(flooders.begin(), flooders.end(),
                               [](const auto &client) { return client->isDisconnected(); });
        },
        30'000));
    int busy = 0;
    int served = 0;
    for (const auto &client : flooders) {
        const ParsedResponse response = parseResponses(client->received(), {}, true).value(0);
        if (response.status == 503) {
            ++busy;
            QCOMPARE(response.header("connection"), QByteArray("close"));
            QVERIFY(response.hasHeader("retry-after"));
        } else {
            QCOMPARE(response.status, 200);
            QCOMPARE(response.body.size(), 4 * 1024);
            ++served;
        }
    }
    qInfo("flood of %d: %d answered 503, %d served", flood, busy, served);
    QCOMPARE(busy + served, flood);
    QVERIFY(busy >= flood - settings.maxConnections);

    // The transfers under way finish intact.
    QVERIFY(readUntilAllDisconnected(running, 60'000));
    for (auto &client : running) {
        client->readPending();
        const ParsedResponse response = parseResponses(client->received(), {}, true).value(0);
        QCOMPARE(response.status, 200);
        QVERIFY(response.complete);
        QCOMPARE(sha256(response.body), sha256(bigContent));
    }

    // And once the flood is over, everyone is served again.
    flooders.clear();
    QVERIFY(waitUntil([&] { return server.server.connectionCount() == 0; }));
    const auto after = downloadConcurrently(server.port(), server.linkPath(small), 30);
    for (const auto &client : after)
        QCOMPARE(parseResponses(client->received(), {}, true).value(0).status, 200);
}

void tst_Robustness::outOfDescriptorsPausesAcceptingAndRecovers()
{
    const rlim_t limit = 48;
    HeadlessServer server(m_blob,
                          {QStringLiteral("--head-timeout"), QStringLiteral("60s"),
                           QStringLiteral("--keepalive-timeout"), QStringLiteral("60s")},
                          limit);
    QVERIFY(server.isValid());

    // Idle connections until the server has no descriptor left, and more waiting in the backlog.
    std::vector<int> held;
    for (rlim_t i = 0; i < limit + 20; ++i) {
        const int fd = connectRaw(server.port());
        QVERIFY(fd >= 0);
        held.push_back(fd);
    }
    QVERIFY2(waitUntil([&] { return server.standardError().contains("Cannot accept connections"); },
                       10'000),
             qPrintable(QStringLiteral("%1 descriptors open; stderr: %2")
                            .arg(openDescriptors(server.pid()))
                            .arg(QString::fromLocal8Bit(server.standardError()))));
    QVERIFY(openDescriptors(server.pid()) >= int(limit) - 1);

    // Paused, not spinning on a listening socket that stays readable.
    const double cpuBefore = cpuSeconds(server.pid());
    QTest::qWait(2'000);
    const double cpuUsed = cpuSeconds(server.pid()) - cpuBefore;
    qInfo("CPU while out of descriptors: %.2f s in 2 s", cpuUsed);
    QVERIFY2(cpuUsed < 0.2, qPrintable(QStringLiteral("%1 s of CPU in 2 s").arg(cpuUsed)));
    QCOMPARE(server.standardError().count("Cannot accept connections"), 1);
    QVERIFY2(server.standardError().contains("limit: 48 open files"), server.standardError());

    // Descriptors free up: the server accepts again and serves.
    for (int fd : held)
        ::close(fd);
    const TimedGet get = timedGet(server.port(), server.path());
    QCOMPARE(get.response.status, 200);
    QCOMPARE(sha256(get.response.body), sha256(m_content));
    QVERIFY(
        waitUntil([&] { return server.standardError().contains("accepting connections again"); }));
    QCOMPARE(server.standardError().count("Cannot accept connections"), 1);
}

// One round of clients that leave mid-transfer: reset, half-close then close, never read.
// Returns after the server has ended every transfer and closed every connection.
static void vanishingRound(TestServer &server, const QByteArray &request, int perKind)
{
    enum Kind { Reset, HalfCloseThenClose, NeverRead };
    QList<QPair<int, Kind>> clients;
    for (Kind kind : {Reset, HalfCloseThenClose, NeverRead}) {
        for (int i = 0; i < perKind; ++i) {
            const int fd = connectRaw(server.port());
            QVERIFY(fd >= 0);
            QCOMPARE(::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL),
                     ssize_t(request.size()));
            if (kind == HalfCloseThenClose)
                ::shutdown(fd, SHUT_WR); // done sending, still reading
            clients.append({fd, kind});
        }
    }
    QVERIFY(waitUntil([&] { return server.transfers.activeCount() == 3 * perKind; }, 20'000));

    // Each leaving client has some of the body, then goes away mid-transfer.
    for (const auto &[fd, kind] : std::as_const(clients)) {
        if (kind == NeverRead)
            continue;
        QVERIFY(waitUntil([fd = fd] { return receiveAvailable(fd, 64 * 1024) > 0; }));
        if (kind == Reset)
            resetConnection(fd);
        else
            ::close(fd); // unread data makes this a reset too, after the half-close
    }
    // The clients that never read are dropped by the stall timeout.
    QVERIFY(waitUntil([&] { return server.transfers.activeCount() == 0; }, 30'000));
    QVERIFY(waitUntil([&] { return server.server.connectionCount() == 0; }));
    for (const auto &[fd, kind] : std::as_const(clients)) {
        if (kind == NeverRead)
            ::close(fd);
    }
}

static qint64 trimmedAnonymousRssKiB()
{
    ::malloc_trim(0); // freed memory back to the system, so RSS shows what is still allocated
    return anonymousRssKiB(QCoreApplication::applicationPid());
}

void tst_Robustness::vanishingClientsLeaveNothingBehind()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.stallTimeout = std::chrono::milliseconds(1'500);
    settings.maxConnections = 1'000;
    TestServer server(settings);
    const QByteArray token = server.shareNewFile(QStringLiteral("big.bin"), 16 * 1024 * 1024);
    QVERIFY(server.start());
    const QByteArray request = getRequest(server.linkPath(token));
    const qint64 self = QCoreApplication::applicationPid();
    const int descriptorsBefore = openDescriptors(self);
    const int perKind = 150;

    // The first round also pays for first-use allocations; a leak shows as growth per round.
    QList<qint64> rssAfterRound;
    for (int round = 0; round < 3; ++round) {
        server.transfers.clearFinished();
        vanishingRound(server, request, perKind);
        if (QTest::currentTestFailed())
            return;

        int gone = 0;
        int stalled = 0;
        for (const Transfer &transfer : server.transfers.transfers()) {
            QVERIFY(!transfer.endReason.isNone());
            QVERIFY(transfer.bytesSent < transfer.bytesDue);
            if (transfer.state == Transfer::State::ClientGone)
                ++gone;
            else if (transfer.state == Transfer::State::Failed
                     && transfer.error == Transfer::Error::Stalled)
                ++stalled;
        }
        QCOMPARE(gone, 2 * perKind);
        QCOMPARE(stalled, perKind);
        // Every socket is closed again; the share keeps its one file open for the next request.
        QVERIFY(waitUntil([&] { return openDescriptors(self) <= descriptorsBefore + 1; }));
        rssAfterRound.append(trimmedAnonymousRssKiB());
    }
    qInfo("3 rounds of %d vanishing clients; descriptors %d -> %d; anonymous RSS after each "
          "round: %lld, %lld, %lld KiB",
          3 * perKind, descriptorsBefore, openDescriptors(self), rssAfterRound[0], rssAfterRound[1],
          rssAfterRound[2]);
    const qint64 growthKiB = rssAfterRound[2] - rssAfterRound[0];
    QVERIFY2(!memoryFiguresAreMeaningful || growthKiB < 4 * 1024,
             qPrintable(QStringLiteral("RSS grew by %1 KiB over two rounds").arg(growthKiB)));
    QCOMPARE(RawClient(server.port()).request(request).status, 200);
}

void tst_Robustness::fileChangesEndOnlyTheAffectedTransfers()
{
    TestServer server;
    const qint64 size = 24 * 1024 * 1024;
    const QStringList names {QStringLiteral("deleted.bin"), QStringLiteral("truncated.bin"),
                             QStringLiteral("replaced.bin"), QStringLiteral("unreadable.bin"),
                             QStringLiteral("untouched.bin")};
    QList<QByteArray> tokens;
    QList<QByteArray> originals;
    for (const QString &name : names) {
        tokens.append(server.shareNewFile(name, size));
        originals.append(TestServer::contentOf(server.pathOf(name)));
    }
    QVERIFY(server.start());

    // Two slow transfers per file, each well under way.
    const int perFile = 2;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (const QByteArray &token : std::as_const(tokens)) {
        for (int i = 0; i < perFile; ++i) {
            clients.push_back(
                std::make_unique<RawClient>(server.port(), QHostAddress::LocalHost, 64 * 1024));
            clients.back()->send(getRequest(server.linkPath(token), "Connection: close\r\n"));
        }
    }
    QVERIFY(waitUntil([&] {
        for (auto &client : clients)
            client->readPending();
        return std::all_of(clients.begin(), clients.end(), [](const auto &client) {
            return client->received().size() > 512 * 1024;
        });
    }));

    QVERIFY(QFile::remove(server.pathOf(names[0])));
    QVERIFY(QFile::resize(server.pathOf(names[1]), size / 4));
    const QString replacement = server.pathOf(QStringLiteral("replacement.tmp"));
    QVERIFY(TestServer::writeFile(replacement, TestServer::patternBytes(size, 99)));
    QCOMPARE(::rename(QFile::encodeName(replacement).constData(),
                      QFile::encodeName(server.pathOf(names[2])).constData()),
             0);
    QVERIFY(QFile::setPermissions(server.pathOf(names[3]), QFileDevice::WriteOwner));

    QVERIFY(readUntilAllDisconnected(clients, 60'000));

    const QList<Transfer::Error> expectedErrors {
        Transfer::Error::FileRemoved, Transfer::Error::FileChanged, Transfer::Error::FileChanged,
        Transfer::Error::FileUnreadable, Transfer::Error::None};
    const QList<Share::Status> expectedStatus {Share::Status::Missing, Share::Status::Changed,
                                               Share::Status::Changed, Share::Status::Missing,
                                               Share::Status::Available};
    for (qsizetype file = 0; file < names.size(); ++file) {
        const bool affected = expectedErrors[file] != Transfer::Error::None;
        for (int i = 0; i < perFile; ++i) {
            RawClient &client = *clients[size_t(file * perFile + i)];
            client.readPending();
            const ParsedResponse response = parseResponses(client.received(), {}, true).value(0);
            QCOMPARE(response.status, 200);
            QCOMPARE(response.complete, !affected);
            // Whatever arrived is the original file's bytes: never padding or the new content.
            QVERIFY2(originals[file].startsWith(response.body), qPrintable(names[file]));
        }
        int ended = 0;
        for (const Transfer &transfer : server.transfers.transfers()) {
            if (transfer.shareToken != tokens[file])
                continue;
            ++ended;
            if (!affected) {
                QCOMPARE(int(transfer.state), int(Transfer::State::Completed));
                continue;
            }
            QCOMPARE(int(transfer.state), int(Transfer::State::Failed));
            // A shrunken file is caught as truncated or as modified, whichever check sees it first.
            if (expectedErrors[file] == Transfer::Error::FileChanged)
                QVERIFY2(transfer.error == Transfer::Error::FileChanged
                             || transfer.error == Transfer::Error::FileTruncated,
                         qPrintable(transfer.endReason.text()));
            else
                QCOMPARE(int(transfer.error), int(expectedErrors[file]));
            QVERIFY(!transfer.endReason.isNone());
        }
        QCOMPARE(ended, perFile);
        QVERIFY(waitUntil(
            [&] { return server.shares.find(tokens[file])->status == expectedStatus[file]; }));
    }
    QFile::setPermissions(server.pathOf(names[3]),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

QTEST_GUILESS_MAIN(tst_Robustness)
#include "tst_robustness.moc"
