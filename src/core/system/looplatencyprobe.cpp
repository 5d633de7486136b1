#include "looplatencyprobe.h"

#include <algorithm>
#include <cstdio>

namespace Sluice {

LoopLatencyProbe::LoopLatencyProbe(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_intervalNs(std::chrono::nanoseconds(interval).count())
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &LoopLatencyProbe::handleTick);
}

void LoopLatencyProbe::start()
{
    m_latenessNs.clear();
    m_clock.start();
    m_expectedNs = m_intervalNs;
    m_timer.start();
}

void LoopLatencyProbe::handleTick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_latenessNs.push_back(std::max<qint64>(0, now - m_expectedNs));
    m_expectedNs = now + m_intervalNs;
}

LoopLatencyProbe::Report LoopLatencyProbe::takeReport()
{
    m_timer.stop();
    Report report;
    std::vector<qint64> samples;
    samples.swap(m_latenessNs);
    report.samples = qsizetype(samples.size());
    if (samples.empty())
        return report;
    std::sort(samples.begin(), samples.end());
    auto at = [&samples](double quantile) {
        const size_t index
            = std::min(samples.size() - 1, size_t(quantile * double(samples.size())));
        return double(samples[index]) / 1e6;
    };
    report.p50Ms = at(0.50);
    report.p99Ms = at(0.99);
    report.maxMs = double(samples.back()) / 1e6;
    return report;
}

QString LoopLatencyProbe::Report::toString() const
{
    return QStringLiteral("loop-stats: samples=%1 p50_ms=%2 p99_ms=%3 max_ms=%4")
        .arg(samples)
        .arg(p50Ms, 0, 'f', 3)
        .arg(p99Ms, 0, 'f', 3)
        .arg(maxMs, 0, 'f', 3);
}

void toggleProbe(LoopLatencyProbe &probe)
{
    if (!probe.isRunning()) {
        probe.start();
        return;
    }
    std::fprintf(stderr, "%s\n", qPrintable(probe.takeReport().toString()));
}

} // namespace Sluice
