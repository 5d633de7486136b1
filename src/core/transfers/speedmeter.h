#pragma once

#include <deque>

#include <QtGlobal>

namespace Sluice {

// Bytes per second over a sliding window of samples; falls to 0 once nothing has moved for a
// whole window.
class SpeedMeter
{
public:
    explicit SpeedMeter(qint64 windowMs = 3'000)
        : m_windowMs(windowMs)
    {
    }
    void addSample(qint64 nowMs, qint64 totalBytes);
    double bytesPerSecond() const { return m_speed; }
    // Milliseconds since the total last grew.
    qint64 idleMs(qint64 nowMs) const { return nowMs - m_lastGrowthMs; }

private:
    struct Sample
    {
        qint64 timeMs;
        qint64 bytes;
    };
    std::deque<Sample> m_samples;
    qint64 m_windowMs;
    qint64 m_lastGrowthMs = 0;
    double m_speed = 0;
};

} // namespace Sluice
