#pragma once

#include <chrono>
#include <memory>

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "lanaddresses.h"

class QSocketNotifier;

namespace Sluice {

// Says when the machine's addresses change (Wi-Fi roam, DHCP renewal, a VPN up or down), so the
// links and the QR code follow. The kernel's routing netlink announces address, link and route
// changes; where that socket cannot be had, the addresses are polled instead.
class AddressWatcher : public QObject
{
    Q_OBJECT
public:
    enum class Source { Netlink, Polling };
    static constexpr std::chrono::milliseconds pollInterval {2'000};
    // Announcements come in bursts (an address, its routes, the link): one look after them.
    static constexpr std::chrono::milliseconds settleDelay {250};

    explicit AddressWatcher(Source source = Source::Netlink, QObject *parent = nullptr);
    ~AddressWatcher() override;

    Source source() const { return m_source; }
    // What the last look found, as localAddressCandidates() gives it.
    QList<AddressCandidate> candidates() const { return m_candidates; }

Q_SIGNALS:
    // The addresses, their interfaces or the default route differ from the last look.
    void addressesChanged();

private:
    bool openNetlink();
    void drainNetlink();
    void look();

    Source m_source;
    int m_netlink = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer m_timer; // polling, or the settle delay after a netlink announcement
    QList<AddressCandidate> m_candidates;
    QStringList m_fingerprint;
};

} // namespace Sluice
