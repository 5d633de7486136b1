#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include "httptestclient.h"
#include "speedmeter.h"
#include "testserver.h"
#include "transfermodel.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr auto refreshInterval = std::chrono::milliseconds(50);

} // namespace

class tst_TransferModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void followsRealTransfersThroughEveryEnd();
    void refreshIsBatched();
    void speedFallsToZeroWhenNothingMoves();
    void earlyEndBesideACompleteDownloadIsASegment();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TransferModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QString stateAt(int row) const
    {
        return m_model->index(row, TransferModel::State).data().toString();
    }
};

void tst_TransferModel::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_model = std::make_unique<TransferModel>(m_server->transfers);
    m_server->transfers.setProgressInterval(refreshInterval);
    m_model->setRefreshInterval(refreshInterval);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TransferModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_server.reset();
}

void tst_TransferModel::followsRealTransfersThroughEveryEnd()
{
    const QByteArray small = m_server->shareNewFile(QStringLiteral("small.bin"), 300 * 1024);
    const QByteArray big = m_server->shareNewFile(QStringLiteral("big.bin"), 48 * 1024 * 1024);
    const QByteArray doomed
        = m_server->shareNewFile(QStringLiteral("doomed.bin"), 48 * 1024 * 1024);

    // 1: completes.
    RawClient completes(m_server->port());
    const ParsedResponse done
        = completes.request(getRequest(m_server->linkPath(small), "Range: bytes=1000-\r\n"));
    QCOMPARE(done.status, 206);
    QTRY_COMPARE(stateAt(0), QStringLiteral("completed"));
    QCOMPARE(
        m_model->index(0, TransferModel::Transferred).data(TransferModel::SortRole).toLongLong(),
        done.body.size());
    QCOMPARE(
        m_model->index(0, TransferModel::Progress).data(TransferModel::ProgressRole).toDouble(),
        1.0);
    QCOMPARE(m_model->index(0, TransferModel::Range).data().toString(),
             QStringLiteral("bytes 1000-307199"));
    QCOMPARE(m_model->index(0, TransferModel::File).data().toString(), QStringLiteral("small.bin"));
    // The address alone; the port is in the tooltip.
    QCOMPARE(m_model->index(0, TransferModel::Client).data().toString(),
             QStringLiteral("127.0.0.1"));
    QVERIFY(m_model->index(0, TransferModel::Client)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("127.0.0.1, port ")));
    QVERIFY(m_model->index(0, TransferModel::Eta).data().toString().isEmpty());

    // 2: cancelled while sending; 3: the client goes away; 4: the file shrinks under it.
    RawClient cancelled(m_server->port(), QHostAddress::LocalHost, 4096);
    cancelled.send(getRequest(m_server->linkPath(big)));
    RawClient leaves(m_server->port(), QHostAddress::LocalHost, 4096);
    leaves.send(getRequest(m_server->linkPath(big)));
    RawClient fails(m_server->port(), QHostAddress::LocalHost, 64 * 1024);
    fails.send(getRequest(m_server->linkPath(doomed)));
    QTRY_COMPARE(m_model->rowCount(), 4);
    QTRY_VERIFY(
        m_model->index(1, TransferModel::Transferred).data(TransferModel::SortRole).toLongLong()
        > 0);
    QCOMPARE(stateAt(1), QStringLiteral("sending"));
    QVERIFY(m_model->index(1, TransferModel::Progress).data(TransferModel::ProgressRole).toDouble()
            < 1.0);

    QVERIFY(m_server->server.cancelTransfer(m_model->transferIdAt(1)));
    leaves.socket().abort();
    QVERIFY(waitUntil([&] {
        fails.readPending();
        return fails.received().size() > 1024 * 1024;
    }));
    QVERIFY(QFile::resize(m_server->pathOf(QStringLiteral("doomed.bin")), 1024));
    QVERIFY(waitUntil(
        [&] {
            fails.readPending();
            return fails.isDisconnected();
        },
        20'000));
    fails.readPending();

    QTRY_COMPARE(stateAt(1), QStringLiteral("cancelled"));
    QTRY_VERIFY2(stateAt(2).startsWith(QStringLiteral("client gone")), qPrintable(stateAt(2)));
    QTRY_VERIFY2(stateAt(3).startsWith(QStringLiteral("failed: the file was")),
                 qPrintable(stateAt(3)));
    QVERIFY(m_model->index(1, TransferModel::Speed).data().toString().isEmpty());

    // The failed transfer's sent count is what the client got, head excluded; the row shows
    // what the client had acknowledged when it ended, which cannot be more.
    const ParsedResponse partial = parseResponses(fails.received(), {}, true).value(0);
    QCOMPARE(m_server->transfers.find(m_model->transferIdAt(3))->bytesSent, partial.body.size());
    const qint64 shown
        = m_model->index(3, TransferModel::Transferred).data(TransferModel::SortRole).toLongLong();
    QVERIFY2(shown > 0 && shown <= partial.body.size(),
             qPrintable(QStringLiteral("%1 of %2").arg(shown).arg(partial.body.size())));

    // Sorting data is numeric where it should be.
    QCOMPARE(m_model->index(0, TransferModel::Transferred).data(TransferModel::SortRole).typeId(),
             QMetaType::LongLong);

    m_server->transfers.clearFinished();
    QCOMPARE(m_model->rowCount(), 0);
}

void tst_TransferModel::refreshIsBatched()
{
    // One download of 1,024 chunks: refreshed per chunk, its row would change 1,024 times.
    const qint64 chunks = 1024;
    const qint64 size = chunks * m_server->server.chunkSize();
    const QByteArray file = m_server->shareNewFile(QStringLiteral("file.bin"), size);
    QSignalSpy progressed(&m_server->transfers, &TransferTracker::transfersProgressed);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QElapsedTimer clock;
    clock.start();
    RawClient client(m_server->port()); // reads all it can, as it arrives
    client.send(getRequest(m_server->linkPath(file), "Connection: close\r\n"));
    QVERIFY(client.waitForDisconnected(60'000));
    QTRY_COMPARE(stateAt(0), QStringLiteral("completed"));
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(parseResponses(client.received(), {}, true).value(0).body.size(), size);

    // The tracker publishes, and the row changes, at most once per tick of their timers. A timer
    // cannot fire more often than once per interval (a coarse one may come 5% early: count half
    // intervals), plus the tick that finds the download finished: a count bound that grows with
    // the time the download took, however slow the machine.
    const qint64 ticks = elapsedMs / (refreshInterval.count() / 2) + 2;
    const QString numbers = QStringLiteral("%1 progress signals and %2 dataChanged signals in %3 "
                                           "ms, at most %4 ticks, %5 chunks")
                                .arg(progressed.size())
                                .arg(changed.size())
                                .arg(elapsedMs)
                                .arg(ticks)
                                .arg(chunks);
    QVERIFY2(changed.size() >= 1, qPrintable(numbers)); // the row showed its progress
    QVERIFY2(changed.size() <= ticks, qPrintable(numbers));
    QVERIFY2(progressed.size() <= ticks, qPrintable(numbers));
    if (ticks >= chunks)
        qWarning("the download took too long to tell batches from chunks: %s", qPrintable(numbers));
}

void tst_TransferModel::speedFallsToZeroWhenNothingMoves()
{
    SpeedMeter meter(1'000);
    meter.addSample(0, 0);
    meter.addSample(500, 500'000);
    meter.addSample(1'000, 1'000'000);
    QCOMPARE(meter.bytesPerSecond(), 1'000'000.0);
    meter.addSample(1'500, 1'000'000);
    QVERIFY(meter.bytesPerSecond() > 0);
    meter.addSample(2'000, 1'000'000);
    meter.addSample(2'100, 1'000'000);
    QCOMPARE(meter.bytesPerSecond(), 0.0);
    QCOMPARE(meter.idleMs(2'100), 1'100);
}

void tst_TransferModel::earlyEndBesideACompleteDownloadIsASegment()
{
    // A browser's first connection (or one segment of a download manager) ends early while
    // another connection of the same client gets the file: a segment, not a failure.
    const QByteArray token = m_server->shareNewFile(QStringLiteral("probed.bin"), 8 * 1024 * 1024);
    const QByteArray target = m_server->linkPath(token);
    {
        RawClient probe(m_server->port(), QHostAddress::LocalHost, 4096);
        QVERIFY(probe.waitForConnected());
        probe.send(getRequest(target));
        QTRY_COMPARE(m_model->rowCount(), 1);
        probe.socket().abort();
    }
    QTRY_VERIFY(stateAt(0).startsWith(QStringLiteral("client gone")));
    RawClient full(m_server->port());
    QVERIFY(full.waitForConnected());
    const ParsedResponse whole = full.request(getRequest(target));
    QCOMPARE(whole.status, 200);
    QTRY_COMPARE(m_model->rowCount(), 2);
    QTRY_COMPARE(stateAt(1), QStringLiteral("completed"));
    QTRY_COMPARE(stateAt(0), QStringLiteral("segment closed by the client"));

    // Another client's early end stays a failure of its own.
    const QByteArray other = m_server->shareNewFile(QStringLiteral("alone.bin"), 8 * 1024 * 1024);
    {
        RawClient lone(m_server->port(), QHostAddress::LocalHost, 4096);
        QVERIFY(lone.waitForConnected());
        lone.send(getRequest(m_server->linkPath(other)));
        QTRY_COMPARE(m_model->rowCount(), 3);
        lone.socket().abort();
    }
    QTRY_VERIFY(stateAt(2).startsWith(QStringLiteral("client gone")));
    QTest::qWait(3 * refreshInterval.count());
    QVERIFY(stateAt(2).startsWith(QStringLiteral("client gone")));
}

QTEST_GUILESS_MAIN(tst_TransferModel)
#include "tst_transfermodel.moc"
