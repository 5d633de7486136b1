#include "pumpscheduler.h"

#include <algorithm>

namespace Sluice {

PumpScheduler::PumpScheduler(QObject *parent)
    : QObject(parent)
{
    // A zero-interval timer runs once per event-loop pass, after pending socket events.
    m_passTimer.setInterval(0);
    connect(&m_passTimer, &QTimer::timeout, this, &PumpScheduler::runPass);
}

void PumpScheduler::markReady(PumpClient *client)
{
    if (client->m_queued)
        return;
    client->m_queued = true;
    m_ready.push_back(client);
    if (!m_passTimer.isActive())
        m_passTimer.start();
}

void PumpScheduler::forget(PumpClient *client)
{
    if (!client->m_queued)
        return;
    client->m_queued = false;
    m_ready.erase(std::remove(m_ready.begin(), m_ready.end(), client), m_ready.end());
}

void PumpScheduler::runPass()
{
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + m_budget;
    // Serve at most the clients that were ready when the pass began, so one pass is bounded
    // even if every client could take another chunk at once.
    qsizetype turns = qsizetype(m_ready.size());
    while (!m_ready.empty() && turns-- > 0) {
        PumpClient *client = m_ready.front();
        m_ready.pop_front();
        client->m_queued = false;
        if (client->pumpOneChunk())
            markReady(client);
        if (Clock::now() >= deadline)
            break;
    }
    if (m_ready.empty())
        m_passTimer.stop();
}

} // namespace Sluice
