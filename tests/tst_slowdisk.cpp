#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QSignalSpy>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "apptranslators.h"
#include "bodyreader.h"
#include "httptestclient.h"
#include "sharemodel.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

// The slowfs helper mounted in a temporary folder: one file whose reads (or stats) hang while a
// control file exists. Its destructor lets everything go and unmounts, whatever the test did.
class SlowMount
{
public:
    SlowMount(const QByteArray &content)
    {
        m_backing = m_dir.filePath(QStringLiteral("backing.bin"));
        m_control = m_dir.filePath(QStringLiteral("control"));
        m_mountPoint = m_dir.filePath(QStringLiteral("mnt"));
        QDir().mkpath(m_control);
        QDir().mkpath(m_mountPoint);
        if (!TestServer::writeFile(m_backing, content)) {
            m_error = QStringLiteral("cannot write the backing file");
            return;
        }
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        // auto_unmount: fusermount3 unmounts even if the helper is killed.
        m_process.start(QStringLiteral(SLOWFS_BINARY),
                        {m_mountPoint, QStringLiteral("--backing=") + m_backing,
                         QStringLiteral("--control=") + m_control, QStringLiteral("-f"),
                         QStringLiteral("-o"), QStringLiteral("auto_unmount")});
        if (!m_process.waitForStarted()) {
            m_error = QStringLiteral("slowfs did not start: ") + m_process.errorString();
            return;
        }
        const bool mounted = waitUntil(
            [&] { return QFileInfo::exists(filePath()) || m_process.state() != QProcess::Running; },
            10'000);
        if (!mounted || !QFileInfo::exists(filePath()))
            m_error
                = QStringLiteral("mounting failed: ") + QString::fromLocal8Bit(m_process.readAll());
    }
    ~SlowMount()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        if (m_watchdog.joinable())
            m_watchdog.join();
        hold("hold-reads", false);
        hold("hold-getattr", false);
        QProcess::execute(QStringLiteral("fusermount3"),
                          {QStringLiteral("-u"), QStringLiteral("-z"), m_mountPoint});
        m_process.terminate();
        if (!m_process.waitForFinished(5'000))
            m_process.kill();
        m_process.waitForFinished(5'000);
    }

    QString error() const { return m_error; }
    QString filePath() const { return m_mountPoint + QStringLiteral("/blob.bin"); }
    void hold(const char *flag, bool on)
    {
        const QString path = m_control + QLatin1Char('/') + QLatin1String(flag);
        if (on) {
            TestServer::writeFile(path, {});
            startWatchdog();
        } else {
            QFile::remove(path);
        }
    }
    bool isHolding(const char *flag) const
    {
        return QFileInfo::exists(m_control + QLatin1Char('/') + QLatin1String(flag)
                                 + QStringLiteral(".seen"));
    }
    // A read at `offset` is being held: the test's own read, not a read-ahead or the hash pass.
    bool isHoldingReadAt(qint64 offset) const
    {
        return QFileInfo::exists(m_control + QStringLiteral("/hold-reads.seen-at-%1").arg(offset));
    }
    QString backingPath() const { return m_backing; }
    // A loop that waits on the held file can never let it go itself; a thread does, after a
    // generous while, so such a test fails with this flag set instead of hanging.
    bool watchdogFired() const { return m_watchdogFired; }

private:
    void startWatchdog()
    {
        if (m_watchdog.joinable())
            return;
        m_watchdog = std::thread([this] {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_wake.wait_for(lock, std::chrono::seconds(30), [this] { return m_stopping; }))
                return;
            m_watchdogFired = true;
            QFile::remove(m_control + QStringLiteral("/hold-reads"));
            QFile::remove(m_control + QStringLiteral("/hold-getattr"));
        });
    }

    QTemporaryDir m_dir;
    QString m_backing;
    QString m_control;
    QString m_mountPoint;
    QProcess m_process;
    QString m_error;
    std::thread m_watchdog;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<bool> m_watchdogFired = false;
};

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

bool evictFromPageCache(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool evicted = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
    ::close(fd);
    return evicted;
}

} // namespace

class tst_SlowDisk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void hungReadsStallOnlyTheirTransfer();
    void hungStatShowsNotResponding();
    void fileChangedDuringTheLastChunkLeavesTheResponseIncomplete();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
    // Downloads the normal share with four clients at once; true when all were intact.
    bool normalDownloadsComplete();

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SlowMount> m_mount;
    QByteArray m_slowContent;
    QByteArray m_slowToken;
    QByteArray m_normalContent;
    QByteArray m_normalToken;
    QTimer m_ticker; // counts event-loop turns: it stops if anything blocks the loop
    int m_ticks = 0;
};

void tst_SlowDisk::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (!QFileInfo::exists(QStringLiteral("/dev/fuse")))
        QSKIP("no /dev/fuse: FUSE is not available here");
    if (QStandardPaths::findExecutable(QStringLiteral("fusermount3")).isEmpty())
        QSKIP("fusermount3 is not installed (apt install fuse3)");
    m_ticker.setInterval(5);
    connect(&m_ticker, &QTimer::timeout, this, [this] { ++m_ticks; });
}

void tst_SlowDisk::init()
{
    m_slowContent = TestServer::patternBytes(8 * 1024 * 1024, 7);
    m_mount = std::make_unique<SlowMount>(m_slowContent);
    if (!m_mount->error().isEmpty())
        QSKIP(qPrintable(QStringLiteral("cannot mount the test file system: ") + m_mount->error()));
    ServerSettings settings = TestServer::defaultSettings();
    settings.chunkSize = 1024 * 1024;
    m_server = std::make_unique<TestServer>(settings);
    m_normalToken = m_server->shareNewFile(QStringLiteral("normal.bin"), 4 * 1024 * 1024);
    m_normalContent = TestServer::contentOf(m_server->pathOf(QStringLiteral("normal.bin")));
    m_slowToken = m_server->shareExistingFile(m_mount->filePath());
    QVERIFY(!m_normalToken.isEmpty());
    QVERIFY(!m_slowToken.isEmpty());
    QVERIFY(m_server->start());
    m_ticks = 0;
    m_ticker.start();
}

void tst_SlowDisk::cleanup()
{
    m_ticker.stop();
    // Held calls are let go first, so no worker is stuck when the server goes.
    if (m_mount) {
        m_mount->hold("hold-reads", false);
        m_mount->hold("hold-getattr", false);
    }
    m_server.reset();
    m_mount.reset();
}

bool tst_SlowDisk::normalDownloadsComplete()
{
    const auto clients
        = downloadConcurrently(m_server->port(), m_server->linkPath(m_normalToken), 4, 30'000);
    for (const auto &client : clients) {
        const ParsedResponse response = parseResponses(client->received(), {}, true).value(0);
        if (response.status != 200 || sha256(response.body) != sha256(m_normalContent))
            return false;
    }
    return true;
}

void tst_SlowDisk::hungReadsStallOnlyTheirTransfer()
{
    QSignalSpy started(&m_server->transfers, &TransferTracker::transferStarted);
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
    m_mount->hold("hold-reads", true);
    RawClient stuck(m_server->port());
    stuck.send(getRequest(m_server->linkPath(m_slowToken), "Connection: close\r\n"));
    QTRY_COMPARE(started.size(), 1);

    // Its first chunk is being read on a worker, which hangs; the loop goes on.
    const int ticksBefore = m_ticks;
    QVERIFY2(normalDownloadsComplete(), "downloads of a normal share completed");
    QVERIFY2(waitUntil([&] { return m_ticks > ticksBefore + 10; }), "the event loop kept turning");
    stuck.readPending();
    QVERIFY2(!m_mount->watchdogFired(), "the event loop waited on the held reads");
    QVERIFY2(stuck.received().size() < m_slowContent.size(), "the held reads did hold");
    QCOMPARE(finished.size(), 4); // the normal downloads, not the stuck one
    const Transfer *transfer = m_server->transfers.find(started.first().first().toULongLong());
    QVERIFY(transfer && transfer->isActive());
    QCOMPARE(int(m_server->shares.find(m_slowToken)->status), int(Share::Status::Available));

    // Let go: the stuck transfer finishes intact.
    m_mount->hold("hold-reads", false);
    QVERIFY(stuck.waitForDisconnected(30'000));
    const ParsedResponse response = parseResponses(stuck.received(), {}, true).value(0);
    QCOMPARE(response.status, 200);
    QVERIFY(response.complete);
    QCOMPARE(sha256(response.body), sha256(m_slowContent));
    QCOMPARE(int(transfer->state), int(Transfer::State::Completed));
}

void tst_SlowDisk::hungStatShowsNotResponding()
{
    ShareModel model(m_server->shares);
    const QModelIndex status = model.index(model.rowOf(m_slowToken), ShareModel::Status);
    QCOMPARE(model.data(status).toString(), QStringLiteral("ready"));

    m_mount->hold("hold-getattr", true);
    // A request waits for a look at the file; the look hangs; the share is declared not
    // responding and the request gets 503 with Retry-After, while the loop keeps turning.
    QElapsedTimer sinceShared; // the look taken when sharing must age first
    sinceShared.start();
    QTRY_VERIFY(sinceShared.hasExpired(ShareRegistry::confirmationLifetime.count() + 50));
    const int ticksBefore = m_ticks;
    RawClient client(m_server->port());
    const ParsedResponse busy = client.request(getRequest(m_server->linkPath(m_slowToken)));
    QCOMPARE(busy.status, 503);
    QVERIFY(busy.hasHeader("retry-after"));
    QCOMPARE(int(m_server->shares.find(m_slowToken)->status), int(Share::Status::NotResponding));
    QCOMPARE(model.data(status).toString(), QStringLiteral("not responding"));
    QVERIFY2(!m_mount->watchdogFired(), "the event loop waited on the held stat");
    QVERIFY2(m_ticks > ticksBefore, "the event loop kept turning while the look hung");
    QVERIFY2(normalDownloadsComplete(), "downloads of a normal share completed");

    // Answering again: back to normal, and served.
    m_mount->hold("hold-getattr", false);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_server->shares.find(m_slowToken)->status),
                              int(Share::Status::Available), 10'000);
    QCOMPARE(model.data(status).toString(), QStringLiteral("ready"));
    RawClient again(m_server->port());
    const ParsedResponse served = again.request(getRequest(m_server->linkPath(m_slowToken)));
    QCOMPARE(served.status, 200);
    QCOMPARE(sha256(served.body), sha256(m_slowContent));
}

void tst_SlowDisk::fileChangedDuringTheLastChunkLeavesTheResponseIncomplete()
{
    // The hash pass reads the whole file when it is shared; it is done before the hold, so the
    // only reads of offset 0 are the chunk's.
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->shares.find(m_slowToken)->sha256.isEmpty(), 30'000);
    // It also left the file in the page cache; evicted, the chunk's read reaches the mount.
    QVERIFY(evictFromPageCache(m_mount->filePath()));
    // One chunk: its worker passes the check before the read, and the read is held there.
    QSignalSpy started(&m_server->transfers, &TransferTracker::transferStarted);
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
    m_mount->hold("hold-reads", true);
    RawClient client(m_server->port());
    client.send(getRequest(m_server->linkPath(m_slowToken),
                           "Range: bytes=0-1048575\r\nConnection: close\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(m_mount->isHoldingReadAt(0), 10'000);
    // The file is modified while its only chunk is on its way.
    m_mount->hold("hold-getattr", true);
    QFile backing(m_mount->backingPath());
    QVERIFY(backing.open(QIODevice::ReadWrite));
    QVERIFY(backing.setFileTime(QDateTime::currentDateTimeUtc().addSecs(60),
                                QFileDevice::FileModificationTime));
    backing.close();
    m_mount->hold("hold-reads", false);
    // The chunk goes out but for its last bytes: they are a copy checked after it is made, and
    // that check waits on the held stat, without the loop.
    const qint64 allButTheTail = 1024 * 1024 - BodyReader::checkedTailBytes;
    QVERIFY(waitUntil([&] {
        client.readPending();
        return parseResponses(client.received(), {}, true).value(0).body.size() >= allButTheTail;
    }));
    QCOMPARE(finished.size(), 0);
    m_mount->hold("hold-getattr", false);

    // The check fails: the response ends before its last byte, never complete.
    QVERIFY(waitUntil([&] {
        client.readPending();
        return client.isDisconnected();
    }));
    const ParsedResponse cut = parseResponses(client.received(), {}, true).value(0);
    QVERIFY(!cut.complete);
    QCOMPARE(cut.body.size(), allButTheTail);
    QTRY_COMPARE(finished.size(), 1);
    const Transfer *transfer = m_server->transfers.find(started.first().first().toULongLong());
    QCOMPARE(int(transfer->state), int(Transfer::State::Failed));
    QCOMPARE(int(transfer->error), int(Transfer::Error::FileChanged));
    QVERIFY(!m_mount->watchdogFired());
}

QTEST_GUILESS_MAIN(tst_SlowDisk)
#include "tst_slowdisk.moc"
