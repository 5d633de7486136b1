#pragma once

#include <chrono>
#include <deque>

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

namespace Sluice {

// What a notification says, and what a click on it opens.
struct Notice
{
    enum class Kind { DownloadCompleted, Problem };
    Kind kind = Kind::DownloadCompleted;
    QString summary;
    QString body;
    quint64 transferId = 0; // 0: none
    QByteArray shareToken;
    int count = 1; // the notices it sums up
};

// Lets through at most one notice per second: the first at once, and what arrives in between
// is summed up in the next one ("12 downloads completed"), problems before completions.
class NotificationPacer : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds minimumGap {1'000};

    explicit NotificationPacer(QObject *parent = nullptr);

    void post(const Notice &notice);

Q_SIGNALS:
    void due(const Notice &notice);

private:
    void release();
    static Notice summarise(const std::deque<Notice> &notices);

    QTimer m_gap; // running while the last notice is less than minimumGap old
    std::deque<Notice> m_problems;
    std::deque<Notice> m_completions;
};

} // namespace Sluice
