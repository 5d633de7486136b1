#pragma once

#include <cstdio>

#include <QObject>
#include <QTimer>

namespace Sluice {

class TransferTracker;

// What headless mode tells the person at the terminal: one line per finished download on
// stderr, and with --progress a live status line (redrawn in place on a terminal, one line a
// second otherwise). The numbers are the tracker's, the same the window shows.
class HeadlessReporter : public QObject
{
    Q_OBJECT
public:
    HeadlessReporter(TransferTracker &tracker, bool showProgress, std::FILE *out,
                     QObject *parent = nullptr);
    ~HeadlessReporter() override;

private:
    void handleFinished(quint64 id);
    void printStatus();
    void clearStatus();

    TransferTracker &m_tracker;
    std::FILE *m_out;
    bool m_showProgress;
    bool m_terminal;
    bool m_statusShown = false;
    QTimer m_statusTimer;
};

} // namespace Sluice
