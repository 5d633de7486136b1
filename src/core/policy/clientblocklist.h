#pragma once

#include <QHostAddress>
#include <QList>
#include <QSet>

namespace Sluice {

// Addresses whose requests are refused until unblocked (or Sluice quits: the list is not
// saved). An IPv4-mapped IPv6 address is its IPv4 address.
class ClientBlocklist
{
public:
    // False when it was blocked already.
    bool block(const QHostAddress &address);
    bool unblock(const QHostAddress &address);
    bool contains(const QHostAddress &peer) const;
    bool isEmpty() const { return m_addresses.isEmpty(); }
    QList<QHostAddress> addresses() const { return {m_addresses.cbegin(), m_addresses.cend()}; }

private:
    QSet<QHostAddress> m_addresses; // folded
};

} // namespace Sluice
