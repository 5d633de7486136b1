#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace Sluice {

// One local address and what is known about the interface that carries it.
struct AddressCandidate
{
    QHostAddress address;
    QString interfaceName;
    bool onDefaultRoute = false; // the interface of the default route
    bool isVirtual = false; // a point-to-point or otherwise virtual interface, by its flags
};

struct RankedAddress
{
    enum class Kind {
        Lan, // a private or global address on a physical interface: what other devices can reach
        Virtual, // containers, bridges, VPNs and tunnels: reachable only from some places
        LinkLocal, // 169.254/16, fe80::/10: needs no router, rarely what a phone can use
        Loopback, // this machine only
    };
    QHostAddress address;
    QString interfaceName;
    Kind kind = Kind::Lan;
    bool onDefaultRoute = false;

    // "LAN", "LAN (default route)", "virtual: docker0", "link-local", "this computer only"
    QString label() const;
};

// Orders addresses best first: LAN addresses (on the default-route interface first, IPv4 before
// IPv6, private before global), then virtual, link-local and loopback ones. Pure, so it can be
// tested with a table of made-up interfaces.
QList<RankedAddress> rankAddresses(const QList<AddressCandidate> &candidates);

// Classifies an interface name as virtual: docker, br-, virbr, veth, tun, tap, wg, tailscale, zt…
bool isVirtualInterfaceName(const QString &name);

// The machine's addresses, as candidates, with the default-route interface read from the kernel.
QList<AddressCandidate> localAddressCandidates();

} // namespace Sluice
