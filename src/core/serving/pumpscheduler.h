#pragma once

#include <chrono>
#include <deque>

#include <QObject>
#include <QTimer>

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
};

// Serves ready clients round-robin, one chunk (or turnBytes) each, until a per-pass time budget is
// spent, then returns to the event loop and carries on in the next pass. Socket signals only mark
// a client ready, so a thousand clients cannot starve the window or each other. New requests go
// first in each pass: answering a head is cheap and is what a waiting client notices.
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
    void forget(PumpClient *client);

private:
    void runPass();

    void schedulePass();

    std::deque<PumpClient *> m_input;
    std::deque<PumpClient *> m_ready;
    QTimer m_passTimer;
    std::chrono::microseconds m_budget = ServerSettings::defaultPumpBudget;
    qint64 m_roundLimit = ServerSettings::defaultRoundLimit;
};

} // namespace Sluice
