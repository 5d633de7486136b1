#include "speedmeter.h"

namespace Sluice {

void SpeedMeter::addSample(qint64 nowMs, qint64 totalBytes)
{
    if (m_samples.empty() || totalBytes > m_samples.back().bytes)
        m_lastGrowthMs = nowMs;
    m_samples.push_back({nowMs, totalBytes});
    // Keep one sample at or before the window start so the window is always fully covered.
    while (m_samples.size() > 2 && m_samples[1].timeMs <= nowMs - m_windowMs)
        m_samples.pop_front();
    const Sample &oldest = m_samples.front();
    const qint64 spanMs = nowMs - oldest.timeMs;
    m_speed = spanMs > 0 ? double(totalBytes - oldest.bytes) * 1000.0 / double(spanMs) : 0.0;
}

} // namespace Sluice
