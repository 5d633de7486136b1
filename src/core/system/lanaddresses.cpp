#include "lanaddresses.h"

#include <algorithm>

#include <QCoreApplication>
#include <QFile>
#include <QNetworkInterface>
#include <QRegularExpression>

namespace Sluice {
namespace {

// Reads /proc/net/route and /proc/net/ipv6_route for the interfaces of default routes.
QStringList defaultRouteInterfaces()
{
    QStringList names;
    QFile route(QStringLiteral("/proc/net/route"));
    if (route.open(QIODevice::ReadOnly)) {
        route.readLine(); // header
        while (!route.atEnd()) {
            const QList<QByteArray> fields = route.readLine().simplified().split(' ');
            if (fields.size() > 2 && fields[1] == "00000000")
                names.append(QString::fromLatin1(fields[0]));
        }
    }
    QFile route6(QStringLiteral("/proc/net/ipv6_route"));
    if (route6.open(QIODevice::ReadOnly)) {
        while (!route6.atEnd()) {
            const QList<QByteArray> fields = route6.readLine().simplified().split(' ');
            if (fields.size() >= 10 && fields[0] == QByteArray(32, '0') && fields[1] == "00"
                && fields[9] != "lo")
                names.append(QString::fromLatin1(fields[9]));
        }
    }
    return names;
}

// RFC 1918 and IPv6 unique-local addresses.
bool isPrivateAddress(const QHostAddress &address)
{
    static const QList<QPair<QHostAddress, int>> privateRanges = {
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("fc00::/7")),
    };
    return std::any_of(privateRanges.cbegin(), privateRanges.cend(),
                       [&address](const auto &range) { return address.isInSubnet(range); });
}

} // namespace

QString RankedAddress::label() const
{
    switch (kind) {
    case Kind::Lan:
        return onDefaultRoute ? QCoreApplication::translate("RankedAddress", "LAN (default route)")
                              : QCoreApplication::translate("RankedAddress", "LAN");
    case Kind::Virtual:
        return QCoreApplication::translate("RankedAddress", "virtual: %1").arg(interfaceName);
    case Kind::LinkLocal:
        return QCoreApplication::translate("RankedAddress", "link-local");
    case Kind::Loopback:
        return QCoreApplication::translate("RankedAddress", "this computer only");
    }
    return {};
}

bool isVirtualInterfaceName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(docker|br-|virbr|veth|vnet|tun|tap|wg|tailscale|zt|lxc|lxd|podman|cni|flannel|cali|"
        "vmnet|vboxnet|utun|ppp|ipsec|nordlynx|proton)"));
    return pattern.match(name).hasMatch();
}

QList<RankedAddress> rankAddresses(const QList<AddressCandidate> &candidates)
{
    QList<RankedAddress> ranked;
    for (const AddressCandidate &candidate : candidates) {
        RankedAddress entry;
        entry.address = candidate.address;
        entry.interfaceName = candidate.interfaceName;
        entry.onDefaultRoute = candidate.onDefaultRoute;
        if (candidate.address.isLoopback())
            entry.kind = RankedAddress::Kind::Loopback;
        else if (candidate.address.isLinkLocal())
            entry.kind = RankedAddress::Kind::LinkLocal;
        else if (candidate.isVirtual || isVirtualInterfaceName(candidate.interfaceName))
            entry.kind = RankedAddress::Kind::Virtual;
        else
            entry.kind = RankedAddress::Kind::Lan;
        ranked.append(entry);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const RankedAddress &a, const RankedAddress &b) {
                         if (a.kind != b.kind)
                             return a.kind < b.kind; // the enum is in rank order
                         if (a.onDefaultRoute != b.onDefaultRoute)
                             return a.onDefaultRoute;
                         const bool aV4 = a.address.protocol() == QAbstractSocket::IPv4Protocol;
                         const bool bV4 = b.address.protocol() == QAbstractSocket::IPv4Protocol;
                         if (aV4 != bV4)
                             return aV4; // IPv4 links are shorter to type and work on every phone
                         // Private (RFC 1918 / ULA) before global: a LAN share is meant for the LAN.
                         if (isPrivateAddress(a.address) != isPrivateAddress(b.address))
                             return isPrivateAddress(a.address);
                         return false;
                     });
    return ranked;
}

QList<AddressCandidate> localAddressCandidates()
{
    const QStringList defaults = defaultRouteInterfaces();
    QList<AddressCandidate> candidates;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        const auto flags = interface.flags();
        if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress &ip = entry.ip();
            if (ip.protocol() != QAbstractSocket::IPv4Protocol
                && ip.protocol() != QAbstractSocket::IPv6Protocol)
                continue;
            AddressCandidate candidate;
            candidate.address = QHostAddress(ip.toString()); // no scope id in links
            if (ip.isLinkLocal() && ip.protocol() == QAbstractSocket::IPv6Protocol)
                continue; // an fe80:: link needs a zone id that other devices cannot use
            candidate.interfaceName = interface.name();
            candidate.onDefaultRoute = defaults.contains(interface.name());
            candidate.isVirtual = (flags & QNetworkInterface::IsPointToPoint)
                || interface.type() == QNetworkInterface::Virtual;
            candidates.append(candidate);
        }
    }
    return candidates;
}

} // namespace Sluice
