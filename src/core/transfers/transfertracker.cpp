#include "transfertracker.h"

#include <QLoggingCategory>

#include "monotonicclock.h"
#include "signaldeferral.h"

Q_LOGGING_CATEGORY(lcTransfers, "sluice.transfers", QtInfoMsg)

namespace Sluice {
namespace {

constexpr auto defaultProgressInterval = std::chrono::milliseconds(250);
constexpr qsizetype pruneBatch = 256;

} // namespace

qint64 TransferTracker::steadyClockMs()
{
    return monotonicMs();
}

TransferTracker::TransferTracker(QObject *parent)
    : TransferTracker(&TransferTracker::steadyClockMs, parent)
{
}

TransferTracker::TransferTracker(Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    m_progressTimer.setInterval(defaultProgressInterval);
    connect(&m_progressTimer, &QTimer::timeout, this, &TransferTracker::publishProgress);
}

quint64 TransferTracker::begin(Transfer transfer, DeliveryProbe delivered)
{
    transfer.id = m_nextId++;
    transfer.state = Transfer::State::Sending;
    transfer.startedAt = QDateTime::currentDateTimeUtc();
    transfer.startedMs = m_clock();
    const quint64 id = transfer.id;
    SpeedMeter meter(speedWindow.count());
    meter.addSample(transfer.startedMs, transfer.bytesDelivered);
    m_meters.insert(id, meter);
    if (delivered)
        m_probes.insert(id, std::move(delivered));
    m_transfers.insert(id, std::move(transfer));
    m_order.append(id);
    ++m_activeCount;
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
    SignalDeferral::emitOrDefer(this, [this, id] {
        if (find(id)) // not cleared away while the signal waited
            Q_EMIT transferStarted(id);
    });
    return id;
}

void TransferTracker::addBytesSent(quint64 id, qint64 bytes, qint64 queuedNow)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end() || !it->isActive())
        return;
    it->bytesSent += bytes;
    it->peakQueuedBytes = std::max(it->peakQueuedBytes, queuedNow);
    m_totalBytesSent += bytes;
    m_dirty.insert(id);
}

void TransferTracker::discardBytes(quint64 id, qint64 bytes)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end() || !it->isActive())
        return;
    bytes = std::min(bytes, it->bytesSent);
    it->bytesSent -= bytes;
    it->bytesDiscarded += bytes;
    m_totalBytesSent -= bytes;
    m_dirty.insert(id);
}

void TransferTracker::setPaused(quint64 id, bool paused)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end() || !it->isActive() || it->paused == paused)
        return;
    it->paused = paused;
    if (paused)
        it->stalled = false;
    m_dirty.insert(id);
}

void TransferTracker::finish(quint64 id, Transfer::State state, Transfer::Error error,
                             const EndReason &reason)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end() || !it->isActive() || state == Transfer::State::Sending)
        return;
    it->error = error;
    it->endReason = reason;
    it->finishedAt = QDateTime::currentDateTimeUtc();
    it->finishedMs = m_clock();
    if (state == Transfer::State::Completed) {
        setDelivered(*it, it->bytesSent);
    } else if (const auto probe = m_probes.constFind(id); probe != m_probes.constEnd()) {
        // What the kernel confirmed: never more than went on the wire, which is what bytesSent
        // keeps after a reset's retraction.
        setDelivered(*it, (*probe)());
    } else {
        setDelivered(*it, it->bytesSent);
    }
    m_probes.remove(id);
    it->state = state;
    m_totalBytesPerSecond = std::max(0.0, m_totalBytesPerSecond - it->bytesPerSecond);
    it->bytesPerSecond = 0;
    it->etaSeconds = -1;
    it->stalled = false;
    it->paused = false;
    m_meters.remove(id);
    --m_activeCount;
    m_dirty.remove(id);
    qCDebug(lcTransfers, "transfer %llu %s after %lld of %lld bytes %s", id,
            qPrintable(Transfer::stateName(state)), it->bytesSent, it->bytesDue,
            qPrintable(reason.text()));
    // Pruning waits for the signal, so an observer still finds the transfer it is told about.
    SignalDeferral::emitOrDefer(this, [this, id] {
        if (!find(id))
            return; // cleared away while the signal waited: its removal was signalled
        Q_EMIT transferFinished(id);
        pruneFinished();
    });
}

const Transfer *TransferTracker::find(quint64 id) const
{
    auto it = m_transfers.constFind(id);
    return it == m_transfers.constEnd() ? nullptr : &*it;
}

QList<Transfer> TransferTracker::transfers() const
{
    QList<Transfer> list;
    list.reserve(m_order.size());
    for (quint64 id : m_order)
        list.append(m_transfers.value(id));
    return list;
}

void TransferTracker::remove(quint64 id)
{
    removeFinished({id});
}

void TransferTracker::removeFinished(const QList<quint64> &candidates)
{
    QList<quint64> ids;
    for (quint64 id : candidates) {
        const auto it = m_transfers.constFind(id);
        if (it != m_transfers.constEnd() && !it->isActive())
            ids.append(id);
    }
    if (ids.isEmpty())
        return;
    // Signalled at once, so observers look at the rows before they go: removal never happens
    // in a pump pass.
    Q_ASSERT(!SignalDeferral::isDeferring());
    Q_EMIT transfersAboutToBeRemoved(ids);
    const QSet<quint64> gone(ids.cbegin(), ids.cend());
    for (quint64 id : std::as_const(ids))
        m_transfers.remove(id);
    m_order.removeIf([&gone](quint64 id) { return gone.contains(id); });
    Q_EMIT transfersRemoved(ids);
}

void TransferTracker::clearFinished()
{
    removeFinished(m_order);
}

void TransferTracker::pruneFinished()
{
    // Pruned in batches, oldest first: one signal for many rows keeps views cheap.
    const qsizetype finished = m_transfers.size() - m_activeCount;
    if (finished <= m_finishedRetention + pruneBatch)
        return;
    QList<quint64> oldest;
    for (qsizetype i = 0; i < m_order.size() && oldest.size() < finished - m_finishedRetention;
         ++i) {
        const auto it = m_transfers.constFind(m_order[i]);
        if (it != m_transfers.constEnd() && !it->isActive())
            oldest.append(m_order[i]);
    }
    removeFinished(oldest);
}

void TransferTracker::setDelivered(Transfer &transfer, qint64 delivered)
{
    // Never backwards (an unknown answer is -1) and never beyond what was sent.
    delivered = std::clamp(delivered, transfer.bytesDelivered,
                           std::max(transfer.bytesDelivered, transfer.bytesSent));
    m_totalBytesDelivered += delivered - transfer.bytesDelivered;
    transfer.bytesDelivered = delivered;
}

bool TransferTracker::sample(Transfer &transfer, qint64 nowMs)
{
    const qint64 deliveredBefore = transfer.bytesDelivered;
    const auto probe = m_probes.constFind(transfer.id);
    setDelivered(transfer, probe != m_probes.constEnd() ? (*probe)() : transfer.bytesSent);
    SpeedMeter &meter = m_meters[transfer.id];
    meter.addSample(nowMs, transfer.bytesDelivered);
    const double speed = meter.bytesPerSecond();
    const qint64 eta = speed > 0
        ? qint64(double(transfer.bytesDue - transfer.bytesDelivered) / speed + 0.5)
        : -1; // unknown while nothing moves
    // A paused transfer is quiet on purpose.
    const bool stalled = !transfer.paused && meter.idleMs(nowMs) >= stalledAfter.count();
    const bool changed = speed != transfer.bytesPerSecond || eta != transfer.etaSeconds
        || stalled != transfer.stalled || transfer.bytesDelivered != deliveredBefore;
    transfer.bytesPerSecond = speed;
    transfer.etaSeconds = eta;
    transfer.stalled = stalled;
    return changed;
}

void TransferTracker::publishProgress()
{
    // Every active transfer is sampled, moving or not: a speed must fall when bytes stop.
    const qint64 now = m_clock();
    double total = 0;
    for (auto it = m_transfers.begin(); it != m_transfers.end(); ++it) {
        if (!it->isActive())
            continue;
        if (sample(*it, now))
            m_dirty.insert(it.key());
        total += it->bytesPerSecond;
    }
    m_totalBytesPerSecond = total;
    if (!m_dirty.isEmpty()) {
        QList<quint64> ids(m_dirty.cbegin(), m_dirty.cend());
        std::sort(ids.begin(), ids.end());
        m_dirty.clear();
        SignalDeferral::emitOrDefer(this, [this, ids] {
            QList<quint64> present = ids;
            present.removeIf([this](quint64 id) { return !find(id); });
            if (!present.isEmpty())
                Q_EMIT transfersProgressed(present);
        });
    }
    if (m_activeCount == 0)
        m_progressTimer.stop(); // no wake-ups while idle
}

} // namespace Sluice
