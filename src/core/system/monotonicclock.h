#pragma once

#include <chrono>

#include <QtGlobal>

namespace Sluice {

// Milliseconds on the monotonic clock: deadlines, durations and speeds use it, so a wall-clock
// jump (NTP, resume from suspend) moves none of them.
inline qint64 monotonicMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace Sluice
