#include "pumpscheduler.h"

#include <algorithm>

#include "monotonicclock.h"
#include "signaldeferral.h"

namespace Sluice {

PumpScheduler::PumpScheduler(QObject *parent)
    : QObject(parent)
{
    // A zero-interval timer runs once per event-loop pass, after pending socket events.
    m_passTimer.setInterval(0);
    connect(&m_passTimer, &QTimer::timeout, this, &PumpScheduler::runPass);
    m_refillTimer.setInterval(refillInterval);
    m_refillTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_refillTimer, &QTimer::timeout, this, &PumpScheduler::refillThrottled);
}

void PumpScheduler::markReady(PumpClient *client)
{
    // A client waiting for tokens is put back in line by a refill, not by its socket.
    if (client->m_queued || client->m_throttled)
        return;
    client->m_queued = true;
    m_ready.push_back(client);
    schedulePass();
}

void PumpScheduler::markInputReady(PumpClient *client)
{
    if (client->m_inputQueued)
        return;
    client->m_inputQueued = true;
    m_input.push_back(client);
    schedulePass();
}

void PumpScheduler::schedulePass()
{
    if (!m_passTimer.isActive())
        m_passTimer.start();
}

void PumpScheduler::forget(PumpClient *client)
{
    if (client->m_queued) {
        client->m_queued = false;
        m_ready.erase(std::remove(m_ready.begin(), m_ready.end(), client), m_ready.end());
    }
    if (client->m_inputQueued) {
        client->m_inputQueued = false;
        m_input.erase(std::remove(m_input.begin(), m_input.end(), client), m_input.end());
    }
    if (client->m_throttled) {
        client->m_throttled = false;
        std::erase(m_throttled, client);
        if (m_throttled.empty())
            m_refillTimer.stop();
    }
}

void PumpScheduler::attach(PumpClient *client, const QHostAddress &peer)
{
    if (!client->m_flow)
        client->m_flow = m_limiter.attach(peer);
}

void PumpScheduler::leave(PumpClient *client)
{
    forget(client);
    m_limiter.detach(std::exchange(client->m_flow, nullptr));
}

void PumpScheduler::setRateLimits(const RateLimits &limits)
{
    m_limiter.setLimits(limits);
    if (!m_limiter.isActive()) {
        m_refillTimer.stop();
        for (PumpClient *client : std::exchange(m_throttled, {})) {
            client->m_throttled = false;
            markReady(client);
        }
    }
}

void PumpScheduler::refillThrottled()
{
    m_limiter.refill(monotonicMs());
    // Clients whose turn can now be worth it go back in line, in the order they waited.
    for (auto it = m_throttled.begin(); it != m_throttled.end();) {
        PumpClient *client = *it;
        if (!m_limiter.mayProceed(client->m_flow)) {
            ++it;
            continue;
        }
        it = m_throttled.erase(it);
        client->m_throttled = false;
        markReady(client);
    }
    if (m_throttled.empty())
        m_refillTimer.stop();
}

qint64 PumpScheduler::turnBytes(qint64 chunkSize, qint64 remaining) const
{
    // The client taking its turn has left the queue: count it back in.
    const auto sharing = qint64(m_ready.size()) + 1;
    const qint64 turn = sharing * chunkSize <= m_roundLimit
        ? chunkSize
        : std::min(chunkSize, std::max(minTurnBytes, m_roundLimit / sharing));
    if (sharing == 1 || remaining >= tailTurns * turn)
        return turn;
    return std::min(turn, std::max(minTurnBytes, remaining / tailTurns));
}

void PumpScheduler::runPass()
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto deadline = start + m_budget;
    // Requests may take half the pass, so a flood of them cannot stop the bodies.
    const auto inputDeadline = start + m_budget / 2;
    // Completions, share changes and failures raised in the pass reach their slots after it.
    const SignalDeferral::Scope deferring;
    const bool limited = m_limiter.isActive();
    if (limited)
        m_limiter.refill(monotonicMs());
    while (!m_input.empty() && Clock::now() < inputDeadline) {
        PumpClient *client = m_input.front();
        m_input.pop_front();
        client->m_inputQueued = false;
        client->processInput();
    }
    // Serve at most the clients that were ready when the pass began, so one pass is bounded
    // even if every client could take another chunk at once.
    qsizetype turns = qsizetype(m_ready.size());
    bool first = true;
    while (!m_ready.empty() && turns-- > 0 && (first || Clock::now() < deadline)) {
        first = false;
        PumpClient *client = m_ready.front();
        m_ready.pop_front();
        client->m_queued = false;
        if (limited) {
            if (!m_limiter.mayProceed(client->m_flow)) {
                // Waits aside; a refill tick puts it back in line.
                client->m_throttled = true;
                m_throttled.push_back(client);
                continue;
            }
            m_turnAllowance = m_limiter.allowance(client->m_flow);
        }
        const bool again = client->pumpOneChunk();
        m_turnAllowance = BandwidthLimiter::unlimited;
        if (again)
            markReady(client);
    }
    if (!m_throttled.empty() && !m_refillTimer.isActive())
        m_refillTimer.start();
    if (m_ready.empty() && m_input.empty())
        m_passTimer.stop();
}

} // namespace Sluice
