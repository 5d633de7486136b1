#include <QTest>

#include "lanaddresses.h"

using namespace Sluice;

class tst_LanAddresses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ranking();
    void privateLanBeatsEverythingElse_data();
    void privateLanBeatsEverythingElse();
    void virtualInterfaceNames_data();
    void virtualInterfaceNames();
    void labels();
    void localCandidatesHaveNoIpv6LinkLocal();
};

namespace {

AddressCandidate candidate(const char *address, const char *interfaceName,
                           bool defaultRoute = false, bool isVirtual = false)
{
    return {QHostAddress(QString::fromLatin1(address)), QString::fromLatin1(interfaceName),
            defaultRoute, isVirtual};
}

QStringList order(const QList<RankedAddress> &ranked)
{
    QStringList addresses;
    for (const RankedAddress &entry : ranked)
        addresses.append(entry.address.toString());
    return addresses;
}

} // namespace

void tst_LanAddresses::ranking()
{
    const QList<AddressCandidate> table = {
        candidate("127.0.0.1", "lo"),
        candidate("172.17.0.1", "docker0"),
        candidate("169.254.10.20", "eth0"),
        candidate("fd12::5", "wlan0"),
        candidate("10.8.0.2", "tun0"),
        candidate("192.168.1.20", "wlan0", true),
        candidate("100.101.102.103", "tailscale0"),
        candidate("10.0.0.7", "eth1"),
        candidate("::1", "lo"),
        candidate("192.168.122.1", "virbr0"),
        candidate("172.18.0.1", "br-3f2a"),
        candidate("10.9.9.9", "vpn0", false, true),
        candidate("2001:db8::20", "wlan0", true),
    };
    const QList<RankedAddress> ranked = rankAddresses(table);
    QCOMPARE(order(ranked),
             QStringList({
                 QStringLiteral("192.168.1.20"), // private LAN on the default route
                 QStringLiteral("2001:db8::20"), // same interface, IPv6
                 QStringLiteral("10.0.0.7"), // another LAN interface
                 QStringLiteral("fd12::5"),
                 QStringLiteral("172.17.0.1"), // virtual: docker, VPN, tunnels, bridges
                 QStringLiteral("10.8.0.2"),
                 QStringLiteral("192.168.122.1"),
                 QStringLiteral("172.18.0.1"),
                 QStringLiteral("10.9.9.9"),
                 QStringLiteral("100.101.102.103"), // carrier-grade NAT range, not private
                 QStringLiteral("169.254.10.20"), // link-local
                 QStringLiteral("127.0.0.1"), // loopback last
                 QStringLiteral("::1"),
             }));
    QCOMPARE(int(ranked.first().kind), int(RankedAddress::Kind::Lan));
    QCOMPARE(int(ranked[4].kind), int(RankedAddress::Kind::Virtual));
    QCOMPARE(int(ranked[10].kind), int(RankedAddress::Kind::LinkLocal));
    QCOMPARE(int(ranked.last().kind), int(RankedAddress::Kind::Loopback));
}

void tst_LanAddresses::privateLanBeatsEverythingElse_data()
{
    QTest::addColumn<QString>("other");
    QTest::addColumn<QString>("otherInterface");
    QTest::addRow("link-local") << QStringLiteral("169.254.3.4") << QStringLiteral("eth0");
    QTest::addRow("loopback") << QStringLiteral("127.0.0.1") << QStringLiteral("lo");
    QTest::addRow("docker bridge") << QStringLiteral("172.17.0.1") << QStringLiteral("docker0");
    QTest::addRow("wireguard") << QStringLiteral("10.2.0.2") << QStringLiteral("wg0");
    QTest::addRow("global on a non-default interface")
        << QStringLiteral("203.0.113.9") << QStringLiteral("eth9");
}

void tst_LanAddresses::privateLanBeatsEverythingElse()
{
    QFETCH(QString, other);
    QFETCH(QString, otherInterface);
    for (bool lanFirst : {true, false}) {
        QList<AddressCandidate> table;
        const AddressCandidate lan = candidate("192.168.0.10", "enp3s0", true);
        const AddressCandidate rival {QHostAddress(other), otherInterface, false, false};
        table = lanFirst ? QList<AddressCandidate> {lan, rival}
                         : QList<AddressCandidate> {rival, lan};
        QCOMPARE(rankAddresses(table).first().address,
                 QHostAddress(QStringLiteral("192.168.0.10")));
    }
}

void tst_LanAddresses::virtualInterfaceNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isVirtual");
    for (const char *name : {"docker0", "br-1a2b3c", "virbr0", "veth12ab", "tun0", "tap1", "wg0",
                             "tailscale0", "zt5u4y", "lxcbr0", "vboxnet0", "podman0"})
        QTest::addRow("%s", name) << QString::fromLatin1(name) << true;
    for (const char *name : {"eth0", "enp3s0", "wlan0", "wlp2s0", "eno1", "lo"})
        QTest::addRow("%s", name) << QString::fromLatin1(name) << false;
}

void tst_LanAddresses::virtualInterfaceNames()
{
    QFETCH(QString, name);
    QFETCH(bool, isVirtual);
    QCOMPARE(isVirtualInterfaceName(name), isVirtual);
}

void tst_LanAddresses::labels()
{
    const QList<RankedAddress> ranked
        = rankAddresses({candidate("127.0.0.1", "lo"), candidate("172.17.0.1", "docker0"),
                         candidate("192.168.1.2", "eth0", true), candidate("169.254.1.1", "eth0")});
    QCOMPARE(ranked[0].label(), QStringLiteral("LAN (default route)"));
    QCOMPARE(ranked[1].label(), QStringLiteral("virtual: docker0"));
    QCOMPARE(ranked[2].label(), QStringLiteral("link-local"));
    QCOMPARE(ranked[3].label(), QStringLiteral("this computer only"));
}

void tst_LanAddresses::localCandidatesHaveNoIpv6LinkLocal()
{
    const QList<AddressCandidate> local = localAddressCandidates();
    bool sawLoopback = false;
    for (const AddressCandidate &entry : local) {
        QVERIFY(!(entry.address.protocol() == QAbstractSocket::IPv6Protocol
                  && entry.address.isLinkLocal()));
        QVERIFY(entry.address.scopeId().isEmpty());
        sawLoopback |= entry.address == QHostAddress(QHostAddress::LocalHost);
    }
    QVERIFY(sawLoopback);
}

QTEST_GUILESS_MAIN(tst_LanAddresses)
#include "tst_lanaddresses.moc"
