#include <QSignalSpy>
#include <QTest>

#include "transferreport.h"
#include "transfertracker.h"

using namespace Sluice;

// The tracker's numbers against a clock the test drives: speed, ETA, stalled and elapsed time
// depend on that monotonic clock alone, so a wall-clock jump changes none of them.
class tst_TransferTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void speedAndEtaFollowTheBytes();
    void quietBetweenChunksIsNotStalled();
    void stalledAfterNothingMovesForFiveSeconds();
    void elapsedComesFromTheMonotonicClockOnly();
    void progressIsPublishedOnlyForChanges();
    void reportLines();
    void speedFollowsDeliveredBytes();
    void finalDeliveredCount();

private:
    // Runs `seconds` of sampling at 4 Hz, adding `bytesPerTick` each tick.
    void run(quint64 id, qint64 bytesPerTick, int ticks)
    {
        for (int i = 0; i < ticks; ++i) {
            m_now += 250;
            if (bytesPerTick > 0)
                m_tracker->addBytesSent(id, bytesPerTick, 0);
            m_tracker->publishProgress();
        }
    }
    quint64 beginDownload(qint64 size)
    {
        Transfer transfer;
        transfer.peerAddress = QHostAddress(QStringLiteral("192.0.2.7"));
        transfer.fileName = QStringLiteral("film.mkv");
        transfer.bytesDue = size;
        return m_tracker->begin(transfer);
    }

    qint64 m_now = 1'000'000;
    std::unique_ptr<TransferTracker> m_tracker;
};

void tst_TransferTracker::init()
{
    m_now = 1'000'000;
    m_tracker = std::make_unique<TransferTracker>([this] { return m_now; });
}

void tst_TransferTracker::speedAndEtaFollowTheBytes()
{
    const quint64 id = beginDownload(100'000'000);
    run(id, 500'000, 16); // 2 MB/s for 4 s
    const Transfer *transfer = m_tracker->find(id);
    QCOMPARE(transfer->bytesPerSecond, 2'000'000.0);
    QCOMPARE(transfer->etaSeconds, 46); // 92 MB left at 2 MB/s
    QCOMPARE(m_tracker->totalBytesPerSecond(), 2'000'000.0);
    run(id, 125'000, 16); // slows to 0.5 MB/s; the window forgets the fast part
    QCOMPARE(transfer->bytesPerSecond, 500'000.0);
    QCOMPARE(transfer->etaSeconds, 180);
    QVERIFY(!transfer->stalled);
}

void tst_TransferTracker::quietBetweenChunksIsNotStalled()
{
    // An 8 MB chunk every 4 s to a 2 MB/s client: bursts, then quiet; never "stalled".
    const quint64 id = beginDownload(400'000'000);
    for (int burst = 0; burst < 5; ++burst) {
        run(id, 8'000'000, 1);
        for (int tick = 0; tick < 15; ++tick) {
            run(id, 0, 1);
            QVERIFY(!m_tracker->find(id)->stalled);
        }
    }
}

void tst_TransferTracker::stalledAfterNothingMovesForFiveSeconds()
{
    const quint64 id = beginDownload(10'000'000);
    run(id, 100'000, 8);
    run(id, 0, 19); // 4.75 s without a byte
    const Transfer *transfer = m_tracker->find(id);
    QVERIFY(!transfer->stalled);
    QCOMPARE(transfer->bytesPerSecond, 0.0); // the 3 s window is empty
    QCOMPARE(transfer->etaSeconds, -1); // unknown while nothing moves
    run(id, 0, 1); // 5 s
    QVERIFY(transfer->stalled);
    run(id, 1'000, 1);
    QVERIFY(!transfer->stalled);
}

void tst_TransferTracker::elapsedComesFromTheMonotonicClockOnly()
{
    const quint64 id = beginDownload(1'000);
    m_now += 7'250;
    QCOMPARE(m_tracker->find(id)->elapsedMs(m_tracker->nowMs()), 7'250);
    m_tracker->addBytesSent(id, 1'000, 0);
    m_tracker->finish(id, Transfer::State::Completed);
    m_now += 60'000; // a finished transfer's time no longer grows
    const Transfer *transfer = m_tracker->find(id);
    QCOMPARE(transfer->elapsedMs(m_tracker->nowMs()), 7'250);
    // The wall clock barely moved in this test; only the monotonic one counts.
    QVERIFY(transfer->startedAt.msecsTo(transfer->finishedAt) < 7'250);
    QCOMPARE(transfer->etaSeconds, -1);
    QCOMPARE(transfer->bytesPerSecond, 0.0);
}

void tst_TransferTracker::progressIsPublishedOnlyForChanges()
{
    const quint64 moving = beginDownload(10'000'000);
    const quint64 idle = beginDownload(10'000'000);
    run(idle, 0, 0);
    QSignalSpy progressed(m_tracker.get(), &TransferTracker::transfersProgressed);
    run(moving, 100'000, 4);
    QCOMPARE(progressed.size(), 4); // one batch per tick, however many bytes were added
    for (const QList<QVariant> &arguments : std::as_const(progressed))
        QVERIFY(!arguments.first().value<QList<quint64>>().contains(idle));
    // The idle one changes once: when it turns stalled.
    progressed.clear();
    run(moving, 100'000, 17);
    int idleMentions = 0;
    for (const QList<QVariant> &arguments : std::as_const(progressed))
        idleMentions += arguments.first().value<QList<quint64>>().count(idle);
    QCOMPARE(idleMentions, 1);
    QVERIFY(m_tracker->find(idle)->stalled);
}

void tst_TransferTracker::reportLines()
{
    const quint64 id = beginDownload(4 * 1024 * 1024);
    run(id, 256 * 1024, 8); // 1 MiB/s for 2 s
    QCOMPARE(TransferReport::statusLine(*m_tracker),
             QStringLiteral("1 active, 1.0 MiB/s, 2.0 MiB sent, ETA 0:02"));
    m_tracker->finish(id, Transfer::State::Failed, Transfer::Error::FileChanged,
                      EndReason::Kind::FileModified);
    QCOMPARE(TransferReport::finishedLine(*m_tracker->find(id)),
             QStringLiteral("192.0.2.7 film.mkv: failed, 2.0 MiB of 4.0 MiB in 0:02 (1.0 MiB/s): "
                            "the file was modified"));
    QCOMPARE(TransferReport::formatDuration(3'723), QStringLiteral("1:02:03"));
}

void tst_TransferTracker::speedFollowsDeliveredBytes()
{
    // 8 MB handed to the kernel at once; the client acknowledges 1 MB/s. Speed, ETA and stalled
    // follow the acknowledgements, never the burst.
    qint64 acknowledged = 0;
    Transfer transfer;
    transfer.bytesDue = 40'000'000;
    const quint64 id = m_tracker->begin(transfer, [&] { return acknowledged; });
    m_tracker->addBytesSent(id, 8'000'000, 0);
    for (int tick = 0; tick < 24; ++tick) {
        m_now += 250;
        acknowledged += 250'000;
        m_tracker->publishProgress();
        QVERIFY(!m_tracker->find(id)->stalled);
    }
    const Transfer *shown = m_tracker->find(id);
    QCOMPARE(shown->bytesDelivered, 6'000'000);
    QCOMPARE(shown->bytesSent, 8'000'000);
    QCOMPARE(shown->bytesPerSecond, 1'000'000.0);
    QCOMPARE(shown->etaSeconds, 34);
    // Never beyond what was sent, never backwards, and an unknown answer keeps the count.
    acknowledged = 9'000'000;
    m_now += 250;
    m_tracker->publishProgress();
    QCOMPARE(shown->bytesDelivered, 8'000'000);
    acknowledged = -1;
    m_now += 250;
    m_tracker->publishProgress();
    QCOMPARE(shown->bytesDelivered, 8'000'000);
    QCOMPARE(m_tracker->totalBytesDelivered(), 8'000'000);
    // Nothing acknowledged for 5 s is stalled, whatever was sent meanwhile.
    for (int tick = 0; tick < 20; ++tick) {
        m_now += 250;
        m_tracker->addBytesSent(id, 100'000, 0);
        m_tracker->publishProgress();
    }
    QVERIFY(shown->stalled);
}

void tst_TransferTracker::finalDeliveredCount()
{
    qint64 acknowledged = 0;
    Transfer transfer;
    transfer.bytesDue = 10'000'000;
    const quint64 completed = m_tracker->begin(transfer, [&] { return acknowledged; });
    const quint64 cut = m_tracker->begin(transfer, [&] { return acknowledged; });
    m_tracker->addBytesSent(completed, 10'000'000, 0);
    m_tracker->addBytesSent(cut, 5'000'000, 0);
    acknowledged = 3'000'000;
    // A completed response closes gracefully: every byte counts as delivered.
    m_tracker->finish(completed, Transfer::State::Completed);
    QCOMPARE(m_tracker->find(completed)->bytesDelivered, 10'000'000);
    // Any other end counts what the kernel confirmed when it ended.
    m_tracker->finish(cut, Transfer::State::ClientGone);
    QCOMPARE(m_tracker->find(cut)->bytesDelivered, 3'000'000);
    QCOMPARE(m_tracker->totalBytesDelivered(), 13'000'000);
    acknowledged = 4'000'000; // not asked after the end
    m_now += 250;
    m_tracker->publishProgress();
    QCOMPARE(m_tracker->find(cut)->bytesDelivered, 3'000'000);
}

QTEST_GUILESS_MAIN(tst_TransferTracker)
#include "tst_transfertracker.moc"
