#include <QSignalSpy>
#include <QTest>

#include "addresswatcher.h"
#include "netnamespace.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

QString namespaceProblem;

bool hasAddress(const AddressWatcher &watcher, const QString &address)
{
    const QList<AddressCandidate> candidates = watcher.candidates();
    return std::any_of(candidates.cbegin(), candidates.cend(),
                       [&](const AddressCandidate &c) { return c.address.toString() == address; });
}

} // namespace

// Links follow the network: the watcher notices addresses that come and go on an interface in a
// network namespace of the test's own.
class tst_AddressWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void noticesAddressesComingAndGoing_data();
    void noticesAddressesComingAndGoing();
    void quietWhileNothingChanges();

private:
    QString m_interface;
};

void tst_AddressWatcher::initTestCase()
{
    if (!namespaceProblem.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no network namespace of our own: ") + namespaceProblem));
    QString error;
    if (!runIp({QStringLiteral("-V")}, &error))
        QSKIP("the ip command (iproute2) is not installed");
    // A dummy interface where the kernel has the module; a veth pair otherwise (both ends up, so
    // the link is running).
    if (runIp({QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("sluice0"),
               QStringLiteral("type"), QStringLiteral("dummy")},
              &error)) {
        QVERIFY(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("sluice0"),
                       QStringLiteral("up")}));
    } else {
        QVERIFY2(runIp({QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("sluice0"),
                        QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
                        QStringLiteral("name"), QStringLiteral("sluice1")},
                       &error),
                 qPrintable(error));
        QVERIFY(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("sluice1"),
                       QStringLiteral("up")}));
        QVERIFY(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("sluice0"),
                       QStringLiteral("up")}));
    }
    m_interface = QStringLiteral("sluice0");
}

void tst_AddressWatcher::cleanup()
{
    runIp({QStringLiteral("addr"), QStringLiteral("flush"), QStringLiteral("dev"), m_interface});
}

void tst_AddressWatcher::noticesAddressesComingAndGoing_data()
{
    QTest::addColumn<AddressWatcher::Source>("source");
    QTest::addRow("netlink") << AddressWatcher::Source::Netlink;
    QTest::addRow("polling") << AddressWatcher::Source::Polling;
}

void tst_AddressWatcher::noticesAddressesComingAndGoing()
{
    QFETCH(AddressWatcher::Source, source);
    AddressWatcher watcher(source);
    QCOMPARE(watcher.source(), source);
    QSignalSpy changed(&watcher, &AddressWatcher::addressesChanged);
    QVERIFY(!hasAddress(watcher, QStringLiteral("10.77.0.1")));

    QString error;
    QVERIFY2(runIp({QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.77.0.1/24"),
                    QStringLiteral("dev"), m_interface},
                   &error),
             qPrintable(error));
    // "Within a few seconds": a poll interval and then some for a loaded machine.
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 10'000);
    QVERIFY(hasAddress(watcher, QStringLiteral("10.77.0.1")));
    const AddressCandidate added = watcher.candidates().constFirst();
    QCOMPARE(added.interfaceName, m_interface);

    // A DHCP renewal that hands out another address: the old one goes, the new one comes.
    changed.clear();
    QVERIFY(runIp({QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("10.78.0.2/24"),
                   QStringLiteral("dev"), m_interface}));
    QVERIFY(runIp({QStringLiteral("addr"), QStringLiteral("del"), QStringLiteral("10.77.0.1/24"),
                   QStringLiteral("dev"), m_interface}));
    QTRY_VERIFY_WITH_TIMEOUT(!hasAddress(watcher, QStringLiteral("10.77.0.1"))
                                 && hasAddress(watcher, QStringLiteral("10.78.0.2")),
                             10'000);
    QVERIFY(changed.count() >= 1);

    changed.clear();
    QVERIFY(runIp({QStringLiteral("addr"), QStringLiteral("del"), QStringLiteral("10.78.0.2/24"),
                   QStringLiteral("dev"), m_interface}));
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 10'000);
    QVERIFY(!hasAddress(watcher, QStringLiteral("10.78.0.2")));
}

void tst_AddressWatcher::quietWhileNothingChanges()
{
    AddressWatcher watcher(AddressWatcher::Source::Polling);
    QSignalSpy changed(&watcher, &AddressWatcher::addressesChanged);
    // Two polls with nothing new: no signal (a change would repaint links and the QR code).
    QVERIFY(!changed.wait(int(2 * AddressWatcher::pollInterval.count() + 500)));
}

int main(int argc, char **argv)
{
    namespaceProblem = enterPrivateNetworkNamespace(); // before QCoreApplication starts threads
    QCoreApplication app(argc, argv);
    tst_AddressWatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_addresswatcher.moc"
