#include <algorithm>
#include <limits>
#include <thread>

#include <QTest>

#include "pumpscheduler.h"

using namespace Sluice;

class tst_PumpScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readyClientsTakeTurnsRoundRobin();
    void passYieldsToTheLoopWhenItsTimeIsSpent();
    void turnIsAWholeChunkWhileTheRoundFits();
    void turnsShareTheRoundLimit_data();
    void turnsShareTheRoundLimit();
    void lastTurnsShrinkWhileOthersWait();
    void aLoneResponseTakesWholeChunksToTheEnd();
};

namespace {

// A client with a number of turns to take; it notes what the scheduler let it write in each.
class CountingClient : public PumpClient
{
public:
    CountingClient(PumpScheduler &scheduler, QString name, int turns, QStringList &order)
        : m_scheduler(scheduler)
        , m_name(std::move(name))
        , m_turnsLeft(turns)
        , m_order(order)
    {
    }

    void processInput() override { }
    bool pumpOneChunk() override
    {
        m_order.append(m_name);
        const qint64 turn = m_scheduler.turnBytes(chunkSize, bytesLeft);
        allowed.append(turn);
        if (turnDuration.count() > 0)
            std::this_thread::sleep_for(turnDuration);
        if (bytesLeft < unbounded) {
            bytesLeft -= std::min(turn, bytesLeft);
            return bytesLeft > 0;
        }
        return --m_turnsLeft > 0;
    }

    static constexpr qint64 unbounded = std::numeric_limits<qint64>::max();
    qint64 chunkSize = 1024 * 1024;
    // A response of this many bytes ends the client; unbounded: it ends after its turns.
    qint64 bytesLeft = unbounded;
    std::chrono::microseconds turnDuration {0};
    QList<qint64> allowed;

private:
    PumpScheduler &m_scheduler;
    QString m_name;
    int m_turnsLeft;
    QStringList &m_order;
};

} // namespace

void tst_PumpScheduler::readyClientsTakeTurnsRoundRobin()
{
    PumpScheduler scheduler;
    QStringList order;
    CountingClient a(scheduler, QStringLiteral("a"), 3, order);
    CountingClient b(scheduler, QStringLiteral("b"), 1, order);
    CountingClient c(scheduler, QStringLiteral("c"), 2, order);
    scheduler.markReady(&a);
    scheduler.markReady(&b);
    scheduler.markReady(&c);
    scheduler.markReady(&a); // already waiting: not queued twice
    QTRY_COMPARE(order.size(), 6);
    QCOMPARE(order.join(QLatin1Char(' ')), QStringLiteral("a b c a c a"));
}

void tst_PumpScheduler::passYieldsToTheLoopWhenItsTimeIsSpent()
{
    PumpScheduler scheduler;
    scheduler.setBudget(std::chrono::milliseconds(4));
    QStringList order;
    std::vector<std::unique_ptr<CountingClient>> clients;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(
            std::make_unique<CountingClient>(scheduler, QString::number(i), 1, order));
        clients.back()->turnDuration = std::chrono::milliseconds(1);
        scheduler.markReady(clients.back().get());
    }
    // A zero timer runs once per loop pass: no pass may take more than its 4 ms of 1 ms turns.
    QList<qsizetype> turnsSeenByTheLoop {0};
    QTimer loopProbe;
    loopProbe.setInterval(0);
    connect(&loopProbe, &QTimer::timeout, this, [&] { turnsSeenByTheLoop.append(order.size()); });
    loopProbe.start();
    QTRY_COMPARE(order.size(), 20);
    loopProbe.stop();
    qsizetype longestPass = 0;
    for (qsizetype i = 1; i < turnsSeenByTheLoop.size(); ++i)
        longestPass = std::max(longestPass, turnsSeenByTheLoop[i] - turnsSeenByTheLoop[i - 1]);
    QVERIFY2(longestPass >= 1 && longestPass <= 5, qPrintable(QString::number(longestPass)));
}

void tst_PumpScheduler::turnIsAWholeChunkWhileTheRoundFits()
{
    PumpScheduler scheduler;
    scheduler.setRoundLimit(8 * 1024 * 1024);
    QStringList order;
    std::vector<std::unique_ptr<CountingClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(
            std::make_unique<CountingClient>(scheduler, QString::number(i), 2, order));
        scheduler.markReady(clients.back().get());
    }
    QTRY_COMPARE(order.size(), 16);
    for (const auto &client : clients)
        QCOMPARE(client->allowed, QList<qint64>({1024 * 1024, 1024 * 1024}));
}

void tst_PumpScheduler::turnsShareTheRoundLimit_data()
{
    QTest::addColumn<int>("clientCount");
    QTest::addColumn<qint64>("chunkSize");
    QTest::addColumn<qint64>("expected");
    // Round limit 8 MiB throughout.
    QTest::newRow("32 clients share it") << 32 << qint64(1024 * 1024) << qint64(256 * 1024);
    QTest::newRow("never below 128 KiB") << 1000 << qint64(1024 * 1024) << qint64(128 * 1024);
    QTest::newRow("never above a chunk") << 1000 << qint64(16 * 1024) << qint64(16 * 1024);
}

void tst_PumpScheduler::turnsShareTheRoundLimit()
{
    QFETCH(int, clientCount);
    QFETCH(qint64, chunkSize);
    QFETCH(qint64, expected);
    PumpScheduler scheduler;
    scheduler.setRoundLimit(8 * 1024 * 1024);
    QStringList order;
    std::vector<std::unique_ptr<CountingClient>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(
            std::make_unique<CountingClient>(scheduler, QString::number(i), 2, order));
        clients.back()->chunkSize = chunkSize;
        scheduler.markReady(clients.back().get());
    }
    QTRY_COMPARE(order.size(), 2 * clientCount);
    // Every turn of the first round shared it with all the others.
    for (const auto &client : clients)
        QCOMPARE(client->allowed.first(), expected);
    // The last turn of all has the round to itself.
    QCOMPARE(clients.back()->allowed.last(), chunkSize);
}

void tst_PumpScheduler::lastTurnsShrinkWhileOthersWait()
{
    PumpScheduler scheduler;
    QStringList order;
    const qint64 body = 4 * 1024 * 1024;
    CountingClient a(scheduler, QStringLiteral("a"), 0, order);
    CountingClient b(scheduler, QStringLiteral("b"), 0, order);
    a.bytesLeft = b.bytesLeft = body;
    scheduler.markReady(&a);
    scheduler.markReady(&b);
    QTRY_VERIFY(a.bytesLeft == 0 && b.bytesLeft == 0);
    // a shared every turn with b: a chunk while four or more were left, then a quarter of the
    // rest, never below 128 KiB except for the very last bytes.
    QCOMPARE(a.allowed.first(), 1024 * 1024);
    QVERIFY(a.allowed.size() > 4);
    QVERIFY(std::is_sorted(a.allowed.rbegin(), a.allowed.rend()));
    qint64 left = body;
    for (qint64 turn : std::as_const(a.allowed)) {
        QCOMPARE(turn,
                 left >= 4 * 1024 * 1024
                     ? 1024 * 1024
                     : std::max(PumpScheduler::minTurnBytes, left / PumpScheduler::tailTurns));
        left -= std::min(turn, left);
    }
    QCOMPARE(left, 0);
    // b's last turn came after a had finished: alone, it was allowed a whole chunk again.
    QCOMPARE(order.last(), QStringLiteral("b"));
    QCOMPARE(b.allowed.last(), 1024 * 1024);
}

void tst_PumpScheduler::aLoneResponseTakesWholeChunksToTheEnd()
{
    PumpScheduler scheduler;
    QStringList order;
    CountingClient alone(scheduler, QStringLiteral("alone"), 0, order);
    alone.bytesLeft = 3 * 1024 * 1024 + 1000;
    scheduler.markReady(&alone);
    QTRY_COMPARE(alone.bytesLeft, 0);
    QCOMPARE(alone.allowed, QList<qint64>(4, 1024 * 1024));
}

QTEST_GUILESS_MAIN(tst_PumpScheduler)
#include "tst_pumpscheduler.moc"
