#include <algorithm>
#include <numeric>

#include <QTest>

#include "bandwidthlimiter.h"

using namespace Sluice;

// The limiter's arithmetic on a simulated clock: connections that send whatever they are allowed
// (or a set rate), for seconds of simulated time, in steps such as the pump scheduler's passes.
class tst_BandwidthLimiter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientsShareTheTotalMaxMinFairly();
    void eachClientIsHeldToItsCap();
    void whatAClientLeavesGoesToTheOthers();
    void bothCapsTogether();
    void loopbackAddressesAreClientsOfTheirOwn();
    void mappedAddressesAreTheirIPv4Client();
    void loopbackIsExemptOnlyWhenAsked();
    void capsChangeWhileRunning();
    void lateRefillsLoseNothing();
    void sendsWaitForAWorthwhileAmount();
};

namespace {

constexpr qint64 MiB = 1024 * 1024;

struct SimulatedFlow
{
    BandwidthLimiter::Flow *flow = nullptr;
    QString client;
    qint64 demand = BandwidthLimiter::unlimited; // bytes per second it would take at most
    qint64 sent = 0;
    double owed = 0; // what its demand allows it to have sent so far
};

class Simulation
{
public:
    explicit Simulation(BandwidthLimiter &limiter)
        : m_limiter(limiter)
    {
    }
    ~Simulation()
    {
        for (SimulatedFlow &flow : flows)
            m_limiter.detach(flow.flow);
    }
    SimulatedFlow &add(const QString &address, qint64 demand = BandwidthLimiter::unlimited)
    {
        SimulatedFlow flow;
        flow.flow = m_limiter.attach(QHostAddress(address));
        flow.client = address;
        flow.demand = demand;
        flows.push_back(flow);
        return flows.back();
    }
    // Runs for `ms`, a refill every `stepMs`; each flow sends what it may, as the scheduler lets
    // it: only once it may send a quantum.
    void run(qint64 ms, qint64 stepMs = 1)
    {
        for (qint64 end = m_now + ms; m_now < end;) {
            m_now += stepMs;
            m_limiter.refill(m_now);
            for (SimulatedFlow &flow : flows) {
                qint64 wanted = BandwidthLimiter::unlimited;
                if (flow.demand != BandwidthLimiter::unlimited) {
                    flow.owed += double(flow.demand) * double(stepMs) / 1000.0;
                    wanted = qint64(flow.owed) - flow.sent;
                }
                if (!m_limiter.mayProceed(flow.flow) && wanted >= m_limiter.quantum())
                    continue;
                const qint64 bytes = std::min(wanted, m_limiter.allowance(flow.flow));
                if (bytes <= 0)
                    continue;
                m_limiter.consume(flow.flow, bytes);
                flow.sent += bytes;
            }
        }
    }
    qint64 sentBy(const QString &client) const
    {
        qint64 total = 0;
        for (const SimulatedFlow &flow : flows)
            total += flow.client == client ? flow.sent : 0;
        return total;
    }
    qint64 total() const
    {
        return std::accumulate(
            flows.begin(), flows.end(), qint64(0),
            [](qint64 sum, const SimulatedFlow &flow) { return sum + flow.sent; });
    }
    void resetCounts()
    {
        for (SimulatedFlow &flow : flows) {
            flow.sent = 0;
            flow.owed = 0;
        }
    }
    std::vector<SimulatedFlow> flows;

private:
    BandwidthLimiter &m_limiter;
    qint64 m_now = 1'000'000;
};

// |actual - expected| within `fraction` of expected.
bool near(double actual, double expected, double fraction)
{
    return std::abs(actual - expected) <= fraction * expected;
}

QByteArray describe(double actual, double expected)
{
    return QByteArray::number(actual / MiB, 'f', 3) + " MiB, expected "
        + QByteArray::number(expected / MiB, 'f', 3);
}

} // namespace

void tst_BandwidthLimiter::clientsShareTheTotalMaxMinFairly()
{
    BandwidthLimiter limiter;
    limiter.setLimits({.totalRate = 30 * MiB});
    Simulation simulation(limiter);
    for (int i = 0; i < 8; ++i)
        simulation.add(QStringLiteral("192.168.1.10"));
    simulation.add(QStringLiteral("192.168.1.11"));
    simulation.add(QStringLiteral("192.168.1.12"));
    simulation.run(1'000); // the buckets settle
    simulation.resetCounts();
    simulation.run(10'000);
    const double seconds = 10;
    const double third = 30.0 * MiB * seconds / 3;
    for (const char *client : {"192.168.1.10", "192.168.1.11", "192.168.1.12"}) {
        const qint64 sent = simulation.sentBy(QString::fromLatin1(client));
        QVERIFY2(near(sent, third, 0.01),
                 QByteArray(QByteArray(client) + ": " + describe(sent, third)).constData());
    }
    QVERIFY2(near(simulation.total(), 30.0 * MiB * seconds, 0.01),
             describe(simulation.total(), 30.0 * MiB * seconds).constData());
    // The eight connections of the first client share its third evenly.
    for (int i = 0; i < 8; ++i) {
        const qint64 sent = simulation.flows[size_t(i)].sent;
        QVERIFY2(near(sent, third / 8, 0.02), describe(sent, third / 8).constData());
    }
}

void tst_BandwidthLimiter::eachClientIsHeldToItsCap()
{
    BandwidthLimiter limiter;
    limiter.setLimits({.clientRate = 5 * MiB});
    Simulation simulation(limiter);
    simulation.add(QStringLiteral("10.0.0.1"));
    for (int i = 0; i < 4; ++i)
        simulation.add(QStringLiteral("10.0.0.2"));
    simulation.run(5'000, 3);
    // Counted from the start: the first bucket's burst is all the excess there may be.
    for (const char *client : {"10.0.0.1", "10.0.0.2"}) {
        const qint64 sent = simulation.sentBy(QString::fromLatin1(client));
        QVERIFY2(sent <= 5 * 5 * MiB + 256 * 1024, describe(sent, 25.0 * MiB).constData());
        QVERIFY2(near(sent, 25.0 * MiB, 0.01), describe(sent, 25.0 * MiB).constData());
    }
}

void tst_BandwidthLimiter::whatAClientLeavesGoesToTheOthers()
{
    BandwidthLimiter limiter;
    limiter.setLimits({.totalRate = 9 * MiB});
    Simulation simulation(limiter);
    simulation.add(QStringLiteral("10.0.0.1"), 1 * MiB); // a slow reader
    simulation.add(QStringLiteral("10.0.0.2"));
    simulation.add(QStringLiteral("10.0.0.3"));
    simulation.add(QStringLiteral("10.0.0.3"));
    simulation.run(1'000);
    simulation.resetCounts();
    simulation.run(10'000);
    QVERIFY2(near(simulation.sentBy(QStringLiteral("10.0.0.1")), 10.0 * MiB, 0.02),
             describe(simulation.sentBy(QStringLiteral("10.0.0.1")), 10.0 * MiB).constData());
    for (const char *client : {"10.0.0.2", "10.0.0.3"}) {
        const qint64 sent = simulation.sentBy(QString::fromLatin1(client));
        QVERIFY2(near(sent, 40.0 * MiB, 0.02),
                 QByteArray(QByteArray(client) + ": " + describe(sent, 40.0 * MiB)).constData());
    }
}

void tst_BandwidthLimiter::bothCapsTogether()
{
    // Three clients of a 4 MiB/s total, capped at 1 MiB/s each: the client cap binds.
    BandwidthLimiter limiter;
    limiter.setLimits({.totalRate = 4 * MiB, .clientRate = 1 * MiB});
    Simulation simulation(limiter);
    for (const char *client : {"10.0.0.1", "10.0.0.2", "10.0.0.3"})
        simulation.add(QString::fromLatin1(client));
    simulation.run(10'000);
    for (const char *client : {"10.0.0.1", "10.0.0.2", "10.0.0.3"})
        QVERIFY(near(simulation.sentBy(QString::fromLatin1(client)), 10.0 * MiB, 0.01));
    // Two more: now the total binds, 0.8 MiB/s each.
    for (const char *client : {"10.0.0.4", "10.0.0.5"})
        simulation.add(QString::fromLatin1(client));
    simulation.run(1'000);
    simulation.resetCounts();
    simulation.run(10'000);
    for (const char *client : {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"}) {
        const qint64 sent = simulation.sentBy(QString::fromLatin1(client));
        QVERIFY2(near(sent, 8.0 * MiB, 0.01),
                 QByteArray(QByteArray(client) + ": " + describe(sent, 8.0 * MiB)).constData());
    }
}

void tst_BandwidthLimiter::loopbackAddressesAreClientsOfTheirOwn()
{
    BandwidthLimiter limiter;
    limiter.setLimits({.totalRate = 8 * MiB});
    Simulation simulation(limiter);
    for (int i = 0; i < 4; ++i)
        simulation.add(QStringLiteral("127.0.0.2"));
    simulation.add(QStringLiteral("127.0.0.3"));
    simulation.run(1'000);
    simulation.resetCounts();
    simulation.run(5'000);
    QVERIFY(near(simulation.sentBy(QStringLiteral("127.0.0.2")), 20.0 * MiB, 0.01));
    QVERIFY(near(simulation.sentBy(QStringLiteral("127.0.0.3")), 20.0 * MiB, 0.01));
}

void tst_BandwidthLimiter::mappedAddressesAreTheirIPv4Client()
{
    QCOMPARE(BandwidthLimiter::clientAddress(QHostAddress(QStringLiteral("::ffff:10.0.0.7"))),
             QHostAddress(QStringLiteral("10.0.0.7")));
    BandwidthLimiter limiter;
    limiter.setLimits({.clientRate = 2 * MiB});
    Simulation simulation(limiter);
    simulation.add(QStringLiteral("::ffff:10.0.0.7"));
    simulation.add(QStringLiteral("10.0.0.7"));
    simulation.add(QStringLiteral("fe80::1"));
    simulation.run(10'000);
    // One client: the two connections share its 2 MiB/s.
    const qint64 both = simulation.flows[0].sent + simulation.flows[1].sent;
    QVERIFY2(near(both, 20.0 * MiB, 0.01), describe(both, 20.0 * MiB).constData());
    QVERIFY(near(simulation.flows[0].sent, 10.0 * MiB, 0.02));
    QVERIFY(near(simulation.flows[2].sent, 20.0 * MiB, 0.01));
}

void tst_BandwidthLimiter::loopbackIsExemptOnlyWhenAsked()
{
    BandwidthLimiter limiter;
    limiter.setLimits({.totalRate = 1 * MiB, .clientRate = 1 * MiB});
    BandwidthLimiter::Flow *local = limiter.attach(QHostAddress(QStringLiteral("127.0.0.1")));
    BandwidthLimiter::Flow *local6 = limiter.attach(QHostAddress::LocalHostIPv6);
    BandwidthLimiter::Flow *remote = limiter.attach(QHostAddress(QStringLiteral("10.0.0.1")));
    limiter.refill(1'000);
    limiter.refill(1'100);
    QVERIFY(limiter.allowance(local) < 1 * MiB); // limited like anyone by default
    limiter.setLimits({.totalRate = 1 * MiB, .clientRate = 1 * MiB, .exemptLoopback = true});
    QCOMPARE(limiter.allowance(local), BandwidthLimiter::unlimited);
    QCOMPARE(limiter.allowance(local6), BandwidthLimiter::unlimited);
    QVERIFY(limiter.allowance(remote) < 1 * MiB);
    for (BandwidthLimiter::Flow *flow : {local, local6, remote})
        limiter.detach(flow);
}

void tst_BandwidthLimiter::capsChangeWhileRunning()
{
    BandwidthLimiter limiter;
    Simulation simulation(limiter);
    simulation.add(QStringLiteral("10.0.0.1"));
    QCOMPARE(limiter.allowance(simulation.flows[0].flow), BandwidthLimiter::unlimited);
    limiter.setLimits({.clientRate = 4 * MiB});
    simulation.run(5'000);
    QVERIFY(near(simulation.total(), 20.0 * MiB, 0.01));
    limiter.setLimits({.clientRate = 1 * MiB});
    simulation.resetCounts();
    simulation.run(5'000);
    // The lower cap holds from the change on: at most what was left in the bucket is extra.
    QVERIFY2(simulation.total() <= 5 * MiB + 256 * 1024,
             describe(simulation.total(), 5.0 * MiB).constData());
    QVERIFY(near(simulation.total(), 5.0 * MiB, 0.05));
    limiter.setLimits({});
    QCOMPARE(limiter.allowance(simulation.flows[0].flow), BandwidthLimiter::unlimited);
}

void tst_BandwidthLimiter::lateRefillsLoseNothing()
{
    // A loop that turns only every 30 ms still delivers the cap.
    BandwidthLimiter limiter;
    limiter.setLimits({.totalRate = 200 * MiB});
    Simulation simulation(limiter);
    simulation.add(QStringLiteral("10.0.0.1"));
    simulation.add(QStringLiteral("10.0.0.2"));
    simulation.run(5'000, 30);
    QVERIFY2(simulation.total() >= 0.99 * 1000 * MiB,
             describe(simulation.total(), 1000.0 * MiB).constData());
}

void tst_BandwidthLimiter::sendsWaitForAWorthwhileAmount()
{
    BandwidthLimiter limiter;
    limiter.setLimits({.clientRate = 20 * MiB});
    QCOMPARE(limiter.quantum(), 64 * 1024);
    limiter.setLimits({.clientRate = 100 * 1024});
    QCOMPARE(limiter.quantum(), 1024);
    BandwidthLimiter::Flow *flow = limiter.attach(QHostAddress(QStringLiteral("10.0.0.1")));
    limiter.refill(0);
    QVERIFY(!limiter.mayProceed(flow)); // no tokens before time has passed
    limiter.refill(5);
    QVERIFY(!limiter.mayProceed(flow)); // 500 bytes
    limiter.refill(12);
    QVERIFY(limiter.mayProceed(flow));
    limiter.detach(flow);
}

QTEST_GUILESS_MAIN(tst_BandwidthLimiter)
#include "tst_bandwidthlimiter.moc"
