#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "transfer.h"

namespace Sluice {

// The live list of transfers. Byte counts are plain adds on the hot path; progress is published
// in batches by a timer so observers cost the same for one transfer or a thousand.
class TransferTracker : public QObject
{
    Q_OBJECT
public:
    explicit TransferTracker(QObject *parent = nullptr);

    quint64 begin(Transfer transfer);
    void addBytesSent(quint64 id, qint64 bytes, qint64 queuedNow);
    // Ends a transfer exactly once; later calls for the same id are ignored.
    void finish(quint64 id, Transfer::State state, Transfer::Error error = Transfer::Error::None,
                const QString &reason = {});

    const Transfer *find(quint64 id) const;
    QList<quint64> ids() const { return m_order; }
    QList<Transfer> transfers() const;
    int activeCount() const { return m_activeCount; }
    qint64 totalBytesSent() const { return m_totalBytesSent; }

    void remove(quint64 id);
    void clearFinished();
    // Finished transfers beyond this many are forgotten, oldest first.
    void setFinishedRetention(int count) { m_finishedRetention = count; }
    void setProgressInterval(std::chrono::milliseconds interval)
    {
        m_progressTimer.setInterval(interval);
    }

Q_SIGNALS:
    // Raised while a pump pass runs, these three arrive from the event loop after it, in order
    // (SignalDeferral), and only for transfers still listed: a finished one is pruned after
    // its transferFinished has been delivered.
    void transferStarted(quint64 id);
    void transfersProgressed(const QList<quint64> &ids);
    void transferFinished(quint64 id);
    // Removal never happens in a pump pass and is signalled at once.
    void transfersAboutToBeRemoved(const QList<quint64> &ids);
    void transfersRemoved(const QList<quint64> &ids);

private:
    void publishProgress();
    void removeFinished(const QList<quint64> &ids);
    void pruneFinished();

    QHash<quint64, Transfer> m_transfers;
    QList<quint64> m_order; // ids by start time
    QSet<quint64> m_dirty;
    QTimer m_progressTimer;
    quint64 m_nextId = 1;
    int m_activeCount = 0;
    int m_finishedRetention = 1000;
    qint64 m_totalBytesSent = 0;
};

} // namespace Sluice
