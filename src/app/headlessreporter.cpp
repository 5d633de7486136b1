#include "headlessreporter.h"

#include <unistd.h>

#include "transferreport.h"
#include "transfertracker.h"

namespace Sluice {
namespace {

constexpr auto statusInterval = std::chrono::seconds(1);

} // namespace

HeadlessReporter::HeadlessReporter(TransferTracker &tracker, bool showProgress, std::FILE *out,
                                   QObject *parent)
    : QObject(parent)
    , m_tracker(tracker)
    , m_out(out)
    , m_showProgress(showProgress)
    , m_terminal(::isatty(::fileno(out)) == 1)
{
    connect(&tracker, &TransferTracker::transferFinished, this, &HeadlessReporter::handleFinished);
    if (!m_showProgress)
        return;
    m_statusTimer.setInterval(statusInterval);
    connect(&m_statusTimer, &QTimer::timeout, this, &HeadlessReporter::printStatus);
    // The timer runs only while something is being sent: no wake-ups when idle.
    connect(&tracker, &TransferTracker::transferStarted, this, [this] {
        if (!m_statusTimer.isActive())
            m_statusTimer.start();
    });
}

HeadlessReporter::~HeadlessReporter()
{
    clearStatus();
}

void HeadlessReporter::handleFinished(quint64 id)
{
    const Transfer *transfer = m_tracker.find(id);
    if (!transfer)
        return;
    clearStatus();
    std::fprintf(m_out, "sluice: %s\n", qPrintable(TransferReport::finishedLine(*transfer)));
    if (m_showProgress && m_terminal && m_tracker.activeCount() > 0)
        printStatus();
    std::fflush(m_out);
}

void HeadlessReporter::printStatus()
{
    const QString line = TransferReport::statusLine(m_tracker);
    if (m_terminal) {
        // Redrawn in place; erased before any other line is printed.
        std::fprintf(m_out, "\r\033[K%s", qPrintable(line));
        m_statusShown = true;
    } else {
        std::fprintf(m_out, "sluice: %s\n", qPrintable(line));
    }
    std::fflush(m_out);
    if (m_tracker.activeCount() == 0)
        m_statusTimer.stop();
}

void HeadlessReporter::clearStatus()
{
    if (!m_statusShown)
        return;
    std::fprintf(m_out, "\r\033[K");
    m_statusShown = false;
}

} // namespace Sluice
