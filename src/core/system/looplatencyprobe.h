#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace Sluice {

// Measures how late a periodic timer fires on the thread's event loop: the delay a click or a
// repaint would see. It runs only between start() and takeReport(), so an idle process with the
// probe stays idle.
class LoopLatencyProbe : public QObject
{
    Q_OBJECT
public:
    explicit LoopLatencyProbe(std::chrono::milliseconds interval = std::chrono::milliseconds(5),
                              QObject *parent = nullptr);

    void start();
    bool isRunning() const { return m_timer.isActive(); }

    struct Report
    {
        qsizetype samples = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        QString toString() const;
    };
    // Stops measuring and returns what was measured since start().
    Report takeReport();

private:
    void handleTick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
    qint64 m_intervalNs = 0;
    std::vector<qint64> m_latenessNs;
};

// The --loop-stats protocol on SIGUSR1: start measuring, or stop and print to stderr.
void toggleProbe(LoopLatencyProbe &probe);

} // namespace Sluice
