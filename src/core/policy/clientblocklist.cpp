#include "clientblocklist.h"

#include "bandwidthlimiter.h"

namespace Sluice {

bool ClientBlocklist::block(const QHostAddress &address)
{
    const QHostAddress folded = BandwidthLimiter::clientAddress(address);
    if (folded.isNull() || m_addresses.contains(folded))
        return false;
    m_addresses.insert(folded);
    return true;
}

bool ClientBlocklist::unblock(const QHostAddress &address)
{
    return m_addresses.remove(BandwidthLimiter::clientAddress(address));
}

bool ClientBlocklist::contains(const QHostAddress &peer) const
{
    // Checked per request: nothing to fold while no one is blocked.
    return !m_addresses.isEmpty() && m_addresses.contains(BandwidthLimiter::clientAddress(peer));
}

} // namespace Sluice
