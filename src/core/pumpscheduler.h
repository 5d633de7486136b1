#pragma once

#include <chrono>
#include <deque>

#include <QObject>
#include <QTimer>

namespace Sluice {

// Something with a body to send, one chunk at a time.
class PumpClient
{
public:
    virtual ~PumpClient() = default;
    // Writes at most one chunk; returns true when another chunk could be written right away.
    virtual bool pumpOneChunk() = 0;

private:
    friend class PumpScheduler;
    bool m_queued = false;
};

// Serves ready clients round-robin, one chunk each, until a per-pass time budget is spent, then
// returns to the event loop and carries on in the next pass. bytesWritten only marks a client
// ready, so a thousand clients cannot starve the window or each other.
class PumpScheduler : public QObject
{
    Q_OBJECT
public:
    explicit PumpScheduler(QObject *parent = nullptr);

    void setBudget(std::chrono::microseconds budget) { m_budget = budget; }
    std::chrono::microseconds budget() const { return m_budget; }

    void markReady(PumpClient *client);
    void forget(PumpClient *client);
    qsizetype readyCount() const { return m_ready.size(); }

private:
    void runPass();

    std::deque<PumpClient *> m_ready;
    QTimer m_passTimer;
    std::chrono::microseconds m_budget {4'000};
};

} // namespace Sluice
