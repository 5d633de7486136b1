#pragma once

#include <chrono>
#include <functional>

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "speedmeter.h"
#include "transfer.h"

namespace Sluice {

// The live list of transfers. Byte counts are plain adds on the hot path; a timer samples them,
// works out each transfer's speed, ETA and stalled state, and publishes the changes in batches,
// so observers (the window, headless --progress) cost the same for one transfer or a thousand
// and all show the same numbers.
class TransferTracker : public QObject
{
    Q_OBJECT
public:
    // Milliseconds from a monotonic clock; durations, speed and ETA use nothing else.
    using Clock = std::function<qint64()>;
    static qint64 steadyClockMs();

    explicit TransferTracker(QObject *parent = nullptr);
    TransferTracker(Clock clock, QObject *parent = nullptr);

    // Body bytes the client has acknowledged so far, or -1 when that cannot be told. Asked once
    // per progress sample while the transfer is active and once when it ends other than
    // completed; never after finish().
    using DeliveryProbe = std::function<qint64()>;

    // Without a probe, bytes count as delivered as soon as they are sent.
    quint64 begin(Transfer transfer, DeliveryProbe delivered = {});
    void addBytesSent(quint64 id, qint64 bytes, qint64 queuedNow);
    // Bytes counted as sent that the kernel dropped unsent (an unfinished response's reset).
    void discardBytes(quint64 id, qint64 bytes);
    // Marks an active transfer paused or running again (the connection does the pausing).
    void setPaused(quint64 id, bool paused);
    // Ends a transfer exactly once; later calls for the same id are ignored.
    void finish(quint64 id, Transfer::State state, Transfer::Error error = Transfer::Error::None,
                const EndReason &reason = {});

    const Transfer *find(quint64 id) const;
    QList<quint64> ids() const { return m_order; }
    QList<Transfer> transfers() const;
    int activeCount() const { return m_activeCount; }
    qint64 totalBytesSent() const { return m_totalBytesSent; }
    // Every listed and forgotten transfer's bytesDelivered, as of the last sample.
    qint64 totalBytesDelivered() const { return m_totalBytesDelivered; }
    // The sum of the active transfers' speeds at the last sample.
    double totalBytesPerSecond() const { return m_totalBytesPerSecond; }
    qint64 nowMs() const { return m_clock(); }

    void remove(quint64 id);
    void clearFinished();
    // Finished transfers beyond this many are forgotten, oldest first.
    void setFinishedRetention(int count) { m_finishedRetention = count; }
    void setProgressInterval(std::chrono::milliseconds interval)
    {
        m_progressTimer.setInterval(interval);
    }
    // Samples the byte counts and publishes what changed; the timer calls this.
    void publishProgress();

    // Speed is averaged over this window; an active transfer that moved nothing for
    // stalledAfter is shown as stalled (a quiet spell between two chunks is not).
    static constexpr std::chrono::milliseconds speedWindow {3'000};
    static constexpr std::chrono::milliseconds stalledAfter {5'000};

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
    // Updates speed, ETA and stalled from a new sample; true when any of them changed.
    bool sample(Transfer &transfer, qint64 nowMs);
    // Moves bytesDelivered to `delivered` (kept between what it was and bytesSent).
    void setDelivered(Transfer &transfer, qint64 delivered);
    void removeFinished(const QList<quint64> &ids);
    void pruneFinished();

    Clock m_clock;
    QHash<quint64, Transfer> m_transfers;
    QHash<quint64, SpeedMeter> m_meters; // active transfers only
    QHash<quint64, DeliveryProbe> m_probes; // active transfers only
    QList<quint64> m_order; // ids by start time
    QSet<quint64> m_dirty;
    QTimer m_progressTimer;
    quint64 m_nextId = 1;
    int m_activeCount = 0;
    int m_finishedRetention = 1000;
    qint64 m_totalBytesSent = 0;
    qint64 m_totalBytesDelivered = 0;
    double m_totalBytesPerSecond = 0;
};

} // namespace Sluice
