#include "notificationpacer.h"

#include <QStringList>

namespace Sluice {
namespace {

// A summary lists this many of its notices; the count says how many there were.
constexpr qsizetype listedInSummary = 5;

} // namespace

NotificationPacer::NotificationPacer(QObject *parent)
    : QObject(parent)
{
    m_gap.setSingleShot(true);
    m_gap.setInterval(minimumGap);
    connect(&m_gap, &QTimer::timeout, this, &NotificationPacer::release);
}

void NotificationPacer::post(const Notice &notice)
{
    auto &queue = notice.kind == Notice::Kind::Problem ? m_problems : m_completions;
    queue.push_back(notice);
    if (!m_gap.isActive())
        release();
}

void NotificationPacer::release()
{
    // Problems need the user: they go first, and completions wait for the next turn.
    std::deque<Notice> &queue = m_problems.empty() ? m_completions : m_problems;
    if (queue.empty())
        return; // nothing waited: the next notice goes out at once
    const Notice notice = queue.size() == 1 ? queue.front() : summarise(queue);
    queue.clear();
    m_gap.start();
    Q_EMIT due(notice);
}

Notice NotificationPacer::summarise(const std::deque<Notice> &notices)
{
    Notice summary;
    summary.kind = notices.front().kind;
    summary.count = 0;
    QStringList lines;
    for (const Notice &notice : notices) {
        summary.count += notice.count;
        if (lines.size() < listedInSummary)
            lines.append(notice.body);
    }
    if (notices.size() > listedInSummary)
        lines.append(QStringLiteral("…"));
    summary.body = lines.join(u'\n');
    // A click opens the latest of them.
    summary.transferId = notices.back().transferId;
    summary.shareToken = notices.back().shareToken;
    summary.summary = summary.kind == Notice::Kind::Problem
        ? tr("%n problems need your attention", nullptr, summary.count)
        : tr("%n downloads completed", nullptr, summary.count);
    return summary;
}

} // namespace Sluice
