#pragma once

#include <chrono>
#include <deque>

#include <QObject>
#include <QTimer>

#include "bandwidthlimiter.h"
#include "serversettings.h"

namespace Sluice {

// A connection as the scheduler sees it: requests to read and bodies to send.
class PumpClient
{
public:
    virtual ~PumpClient() = default;
    // Parses and answers the requests received so far (the answer's head included).
    virtual void processInput() = 0;
    // Writes at most one chunk (less if the scheduler's turnBytes says so); returns true when it
    // could write again right away.
    virtual bool pumpOneChunk() = 0;

private:
    friend class PumpScheduler;
    bool m_queued = false;
    bool m_inputQueued = false;
    bool m_throttled = false; // waiting for bandwidth tokens
    BandwidthLimiter::Flow *m_flow = nullptr;
};

// Serves ready clients round-robin, one chunk (or turnBytes) each, until a per-pass time budget is
// spent, then returns to the event loop and carries on in the next pass. Socket signals only mark
// a client ready, so a thousand clients cannot starve the window or each other. New requests go
// first in each pass: answering a head is cheap and is what a waiting client notices.
// Under a bandwidth cap, each pass first refills the limiter's buckets from the monotonic clock;
// a client without tokens for a worthwhile send waits aside (no timer of its own) until a refill
// tick gives it some. Without a cap the limiter is never consulted.
class PumpScheduler : public QObject
{
    Q_OBJECT
public:
    explicit PumpScheduler(QObject *parent = nullptr);

    void setBudget(std::chrono::microseconds budget) { m_budget = budget; }
    std::chrono::microseconds budget() const { return m_budget; }
    // Bytes one round of all ready clients may hand to the kernel together.
    void setRoundLimit(qint64 bytes) { m_roundLimit = bytes; }

    // What the client taking its turn may write, `remaining` bytes from the end of its response:
    // a chunk, or its share of the round limit when the ready clients would together queue more.
    // Whole chunks for everyone park a chunk per client in the kernel, read back from cold
    // memory: on a 2-core machine (bench/), 100 clients moved 3.8 GiB/s at 0.26 s CPU per GiB
    // with 1 MiB turns and 7.1 GiB/s at 0.14 s with their 640 KiB share of 64 MiB; a
    // 1,000 x 1 MiB burst took 0.24-0.45 s against 0.22 s. Below 128 KiB a turn costs more in
    // system calls than it saves.
    // While others wait, the last turns of a response shrink to a quarter of what is left: with
    // equal turns to the end, downloads that started together finished up to a round apart
    // (100 x 64 MiB: slowest/fastest 1.020, the Tornado recipe 1.015); with the tail shrinking
    // they finish within a few ms (1.003-1.004), at the same aggregate speed.
    qint64 turnBytes(qint64 chunkSize, qint64 remaining) const;
    static constexpr qint64 minTurnBytes = 128 * 1024;
    static constexpr qint64 tailTurns = 4;

    void markReady(PumpClient *client);
    void markInputReady(PumpClient *client);
    // Takes the client out of the queues.
    void forget(PumpClient *client);

    // Bandwidth caps, applied at once to every client.
    void setRateLimits(const RateLimits &limits);
    const RateLimits &rateLimits() const { return m_limiter.limits(); }
    // The client's bytes count against the caps of `peer` (its address) until leave().
    void attach(PumpClient *client, const QHostAddress &peer);
    void leave(PumpClient *client);
    // Bytes the client sent, during its turn or outside one (a response head).
    void charge(PumpClient *client, qint64 bytes)
    {
        if (m_limiter.isActive())
            m_limiter.consume(client->m_flow, bytes);
    }
    // What the client taking its turn may send under the caps; unbounded outside a turn.
    qint64 sendAllowance() const { return m_turnAllowance; }
    // While clients wait for tokens, buckets are refilled and the clients looked at this often.
    static constexpr std::chrono::milliseconds refillInterval {4};

private:
    void runPass();
    void refillThrottled();

    void schedulePass();

    std::deque<PumpClient *> m_input;
    std::deque<PumpClient *> m_ready;
    std::deque<PumpClient *> m_throttled;
    QTimer m_passTimer;
    QTimer m_refillTimer; // runs only while clients wait for tokens
    BandwidthLimiter m_limiter;
    qint64 m_turnAllowance = BandwidthLimiter::unlimited;
    std::chrono::microseconds m_budget = ServerSettings::defaultPumpBudget;
    qint64 m_roundLimit = ServerSettings::defaultRoundLimit;
};

} // namespace Sluice
