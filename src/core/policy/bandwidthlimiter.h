#pragma once

#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include <QHostAddress>

#include "ratelimits.h"

namespace Sluice {

// Divides upload bandwidth between clients, max-min fairly, and then evenly between each client's
// connections. A client is an address (an IPv4-mapped IPv6 address is its IPv4 address; every
// 127.0.0.0/8 address is its own client). Each connection (a Flow) holds tokens, its bytes to
// send; refill() hands out the tokens that the time since the last refill allows, water-filling
// them across clients and then across a client's connections, each bucket bounded by a burst
// size. A connection that takes less than its share keeps a full bucket and so receives nothing
// more: its share goes to the others. Pure bookkeeping on a caller's clock, so it can be tested
// without time passing; the pump scheduler refills it once per pass.
class BandwidthLimiter
{
public:
    class Flow;

    BandwidthLimiter();
    ~BandwidthLimiter();
    BandwidthLimiter(const BandwidthLimiter &) = delete;
    BandwidthLimiter &operator=(const BandwidthLimiter &) = delete;

    // Applies at once to every connection: buckets above the new burst size are cut down.
    void setLimits(const RateLimits &limits);
    const RateLimits &limits() const { return m_limits; }
    bool isActive() const { return m_limits.isActive(); }

    Flow *attach(const QHostAddress &peer);
    void detach(Flow *flow);

    // Adds the tokens earned since the last refill (the first call only starts the clock).
    void refill(qint64 nowMs);
    // Bytes the flow may send now; unbounded when no cap applies to it.
    qint64 allowance(const Flow *flow) const;
    // The flow should wait until it may send at least this much: smaller sends cost more in
    // system calls than they buy in smoothness (about 10 ms of the smallest cap, 1-64 KiB).
    qint64 quantum() const { return m_quantum; }
    bool mayProceed(const Flow *flow) const { return allowance(flow) >= m_quantum; }
    // Takes `bytes` sent by the flow out of its bucket (which may go below zero: a response
    // head goes out without asking).
    void consume(Flow *flow, qint64 bytes);

    // The key clients are told apart by: an IPv4-mapped address folded to IPv4.
    static QHostAddress clientAddress(const QHostAddress &peer);
    static constexpr qint64 unlimited = std::numeric_limits<qint64>::max();

private:
    struct Client;
    struct AddressHash
    {
        size_t operator()(const QHostAddress &address) const { return qHash(address); }
    };

    bool isExempt(const Client &client) const;

    RateLimits m_limits;
    double m_burst = 0; // bytes a bucket holds at most
    qint64 m_quantum = 0;
    qint64 m_lastRefillMs = -1;
    std::unordered_map<QHostAddress, std::unique_ptr<Client>, AddressHash> m_clients;
};

} // namespace Sluice
