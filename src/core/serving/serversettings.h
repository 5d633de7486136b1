#pragma once

#include <chrono>

#include <QHostAddress>
#include <QList>

#include "ratelimits.h"

namespace Sluice {

struct ServerSettings
{
    static constexpr qint64 minChunkSize = 4 * 1024;
    static constexpr qint64 maxChunkSize = 64 * 1024 * 1024;
    static constexpr qint64 defaultChunkSize = 1024 * 1024;
    static constexpr quint16 defaultPort = 8888;
    static constexpr std::chrono::microseconds defaultPumpBudget {2'500};
    static constexpr qint64 defaultRoundLimit = 64 * 1024 * 1024;

    QList<QHostAddress> bindAddresses; // empty: every IPv4 and IPv6 address
    quint16 port = defaultPort; // 0 picks a free port
    qint64 chunkSize = defaultChunkSize;
    bool listSharesAtRoot = false;

    std::chrono::milliseconds requestHeadTimeout {10'000}; // whole head must arrive in this time
    std::chrono::milliseconds keepAliveTimeout {15'000}; // idle time between requests
    std::chrono::milliseconds stallTimeout {60'000}; // no progress while bytes are waiting
    int maxConnections = 2048;
    qsizetype maxHeadBytes = 16 * 1024;
    qint64 maxDiscardedBodyBytes = 64 * 1024; // a body sent with GET/HEAD is read and dropped
    // Writing time per event-loop pass. Measured with bench/ (headless, 1,000 x 1 MiB burst): 4 ms
    // passes left the loop up to 8 ms late, 2.5 ms passes 3-7 ms, at the same throughput and CPU;
    // the window paints a frame (2-3 ms with a busy transfer list) between passes.
    std::chrono::microseconds pumpBudget = defaultPumpBudget;
    qint64 roundLimit = defaultRoundLimit; // bytes all ready transfers write in one round
    int listenBacklog = 1024;
    RateLimits rateLimits; // applied at once, to running transfers too

    static bool isValidChunkSize(qint64 bytes)
    {
        return bytes >= minChunkSize && bytes <= maxChunkSize;
    }
};

} // namespace Sluice
