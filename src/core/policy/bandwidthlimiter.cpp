#include "bandwidthlimiter.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Sluice {
namespace {

// A bucket holds this much of the smallest cap: enough to absorb a late refill (a busy loop
// turns every few ms, a painting window up to tens) without losing tokens, small enough that
// a connection idle for a while cannot burst much past its rate.
constexpr double burstSeconds = 0.050;
// Sends wait for about this much of the smallest cap.
constexpr double quantumSeconds = 0.010;
constexpr qint64 minQuantum = 1024;
constexpr qint64 maxQuantum = 64 * 1024;
constexpr double infinite = std::numeric_limits<double>::infinity();

// Max-min fair division of `total` between claimants that can each take at most their
// capacity: everyone gets the same unless that is more than they can take, and what they
// cannot take is divided between the rest the same way.
std::vector<double> waterFill(const std::vector<double> &capacities, double total)
{
    std::vector<double> shares(capacities.size(), 0.0);
    if (std::isinf(total))
        return capacities;
    std::vector<size_t> order(capacities.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return capacities[a] < capacities[b]; });
    double left = total;
    for (size_t i = 0; i < order.size(); ++i) {
        const double level = left / double(order.size() - i);
        const double share = std::min(capacities[order[i]], level);
        shares[order[i]] = share;
        left -= share;
    }
    return shares;
}

} // namespace

class BandwidthLimiter::Flow
{
public:
    explicit Flow(Client *client)
        : client(client)
    {
    }
    Client *client;
    double tokens = 0;
};

struct BandwidthLimiter::Client
{
    QHostAddress address;
    bool loopback = false;
    std::vector<Flow *> flows;
};

BandwidthLimiter::BandwidthLimiter()
{
    setLimits({});
}

BandwidthLimiter::~BandwidthLimiter()
{
    for (auto &[address, client] : m_clients)
        qDeleteAll(client->flows);
}

QHostAddress BandwidthLimiter::clientAddress(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    QHostAddress address = peer;
    address.setScopeId({}); // the same machine on any interface
    return address;
}

void BandwidthLimiter::setLimits(const RateLimits &limits)
{
    const bool wasActive = m_limits.isActive();
    m_limits = limits;
    if (!limits.isActive()) {
        m_quantum = 0;
        m_burst = 0;
        return;
    }
    const qint64 smallest = limits.totalRate > 0 && limits.clientRate > 0
        ? std::min(limits.totalRate, limits.clientRate)
        : std::max(limits.totalRate, limits.clientRate);
    m_quantum = std::clamp(qint64(double(smallest) * quantumSeconds), minQuantum, maxQuantum);
    m_burst = std::max(4.0 * double(m_quantum), double(smallest) * burstSeconds);
    for (auto &[address, client] : m_clients) {
        for (Flow *flow : client->flows)
            flow->tokens = wasActive ? std::min(flow->tokens, m_burst) : 0.0;
    }
    if (!wasActive)
        m_lastRefillMs = -1; // tokens are earned from now on, not since the last cap
}

BandwidthLimiter::Flow *BandwidthLimiter::attach(const QHostAddress &peer)
{
    const QHostAddress address = clientAddress(peer);
    std::unique_ptr<Client> &client = m_clients[address];
    if (!client) {
        client = std::make_unique<Client>();
        client->address = address;
        client->loopback = address.isLoopback();
    }
    auto *flow = new Flow(client.get());
    client->flows.push_back(flow);
    return flow;
}

void BandwidthLimiter::detach(Flow *flow)
{
    if (!flow)
        return;
    Client *client = flow->client;
    std::erase(client->flows, flow);
    delete flow;
    if (client->flows.empty())
        m_clients.erase(client->address);
}

bool BandwidthLimiter::isExempt(const Client &client) const
{
    return m_limits.exemptLoopback && client.loopback;
}

void BandwidthLimiter::refill(qint64 nowMs)
{
    if (!isActive())
        return;
    if (m_lastRefillMs < 0 || nowMs < m_lastRefillMs) {
        m_lastRefillMs = nowMs;
        return;
    }
    const qint64 elapsedMs = nowMs - m_lastRefillMs;
    if (elapsedMs == 0)
        return;
    m_lastRefillMs = nowMs;
    const double seconds = double(elapsedMs) / 1000.0;
    const double total = m_limits.totalRate > 0 ? double(m_limits.totalRate) * seconds : infinite;
    const double perClient
        = m_limits.clientRate > 0 ? double(m_limits.clientRate) * seconds : infinite;

    std::vector<Client *> clients;
    std::vector<double> capacities;
    clients.reserve(m_clients.size());
    capacities.reserve(m_clients.size());
    for (auto &[address, client] : m_clients) {
        if (isExempt(*client))
            continue;
        // A client's buckets together hold at most one burst, so many idle connections
        // cannot save up many bursts.
        double room = 0;
        double held = 0;
        for (const Flow *flow : client->flows) {
            room += std::max(0.0, m_burst - flow->tokens);
            held += std::max(0.0, flow->tokens);
        }
        clients.push_back(client.get());
        capacities.push_back(std::min({perClient, room, std::max(0.0, m_burst - held)}));
    }
    const std::vector<double> shares = waterFill(capacities, total);
    std::vector<double> rooms;
    for (size_t i = 0; i < clients.size(); ++i) {
        if (shares[i] <= 0)
            continue;
        const std::vector<Flow *> &flows = clients[i]->flows;
        rooms.clear();
        for (const Flow *flow : flows)
            rooms.push_back(std::max(0.0, m_burst - flow->tokens));
        const std::vector<double> flowShares = waterFill(rooms, shares[i]);
        for (size_t f = 0; f < flows.size(); ++f)
            flows[f]->tokens += flowShares[f];
    }
}

qint64 BandwidthLimiter::allowance(const Flow *flow) const
{
    if (!isActive() || !flow || isExempt(*flow->client))
        return unlimited;
    return flow->tokens > 0 ? qint64(flow->tokens) : 0;
}

void BandwidthLimiter::consume(Flow *flow, qint64 bytes)
{
    if (isActive() && flow && !isExempt(*flow->client))
        flow->tokens -= double(bytes);
}

} // namespace Sluice
