#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace Sluice {

// Measures how late a periodic timer fires on the thread's event loop: the delay a click or a
// repaint would see. Samples accumulate until takeReport() reads and clears them.
class LoopLatencyProbe : public QObject
{
    Q_OBJECT
public:
    explicit LoopLatencyProbe(std::chrono::milliseconds interval = std::chrono::milliseconds(5),
                              QObject *parent = nullptr);

    struct Report
    {
        qsizetype samples = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        QString toString() const;
    };
    Report takeReport();

private:
    void handleTick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
    qint64 m_intervalNs = 0;
    std::vector<qint64> m_latenessNs;
};

} // namespace Sluice
