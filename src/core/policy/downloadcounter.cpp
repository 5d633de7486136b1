#include "downloadcounter.h"

#include "bandwidthlimiter.h"
#include "shareregistry.h"
#include "signaldeferral.h"
#include "transfertracker.h"

namespace Sluice {

DownloadCounter::DownloadCounter(ShareRegistry &shares, TransferTracker &transfers, QObject *parent)
    : QObject(parent)
    , m_shares(shares)
    , m_transfers(transfers)
{
    connect(&transfers, &TransferTracker::transfersProgressed, this,
            [this](const QList<quint64> &ids) {
                for (quint64 id : ids)
                    apply(id);
            });
    connect(&transfers, &TransferTracker::transferFinished, this, [this](quint64 id) {
        apply(id); // the final count: everything for a completed response
        if (const auto tracked = m_tracked.constFind(id); tracked != m_tracked.constEnd())
            keep(tracked->token, tracked->client);
        m_tracked.remove(id);
    });
    connect(&shares, &ShareRegistry::shareAdded, this, &DownloadCounter::restoreClients);
    connect(&shares, &ShareRegistry::shareRemoved, this,
            [this](const QByteArray &token) { m_clients.remove(token); });
}

QByteArray DownloadCounter::clientKey(const QHostAddress &peer, QByteArrayView ticket)
{
    if (!ticket.isEmpty())
        return "ticket " + ticket.toByteArray();
    return "address " + BandwidthLimiter::clientAddress(peer).toString().toLatin1();
}

void DownloadCounter::track(quint64 transferId, const QByteArray &token, const QByteArray &client,
                            const BlobIdentity &version, const QList<Span> &spans)
{
    auto &clients = m_clients[token];
    const bool isNew = !clients.contains(client);
    Client &record = clients[client];
    if (!record.version.sameFileAndContent(version)) {
        // Bytes of another version do not make up this one.
        record.received = {};
        record.version = version;
        record.complete = false;
    }
    m_tracked.insert(transferId, {token, client, version, spans, 0});
    if (isNew)
        keep(token, client); // it has started: saved at once, in case Sluice stops early
}

void DownloadCounter::restoreClients(const QByteArray &token)
{
    const Share *share = m_shares.find(token);
    if (!share || share->downloadClients.isEmpty())
        return;
    auto &clients = m_clients[token];
    for (auto it = share->downloadClients.cbegin(); it != share->downloadClients.cend(); ++it) {
        Client &record = clients[it.key()];
        record.counted = it->counted;
        record.complete = it->complete;
        // Of the version the share was saved with; a changed file starts afresh (see track).
        record.version = share->currentIdentity;
        for (const auto &[first, end] : it->received)
            record.received.add(first, end);
    }
}

void DownloadCounter::keep(const QByteArray &token, const QByteArray &client)
{
    const auto share = m_clients.constFind(token);
    if (share == m_clients.constEnd())
        return;
    const auto record = share->constFind(client);
    if (record == share->constEnd())
        return;
    m_shares.recordDownloadClient(token, client,
                                  {record->counted, record->complete, record->received.ranges()});
}

bool DownloadCounter::hasStarted(const QByteArray &token, const QByteArray &client) const
{
    const auto share = m_clients.constFind(token);
    return share != m_clients.constEnd() && share->contains(client);
}

qint64 DownloadCounter::coveredBytes(const QByteArray &token, const QByteArray &client) const
{
    const auto share = m_clients.constFind(token);
    if (share == m_clients.constEnd())
        return 0;
    const auto record = share->constFind(client);
    if (record == share->constEnd())
        return 0;
    return record->complete ? record->version.size : record->received.coveredBytes();
}

void DownloadCounter::apply(quint64 transferId)
{
    const auto tracked = m_tracked.find(transferId);
    const Transfer *transfer = m_transfers.find(transferId);
    if (tracked == m_tracked.end() || !transfer)
        return;
    const qint64 delivered = transfer->bytesDelivered;
    if (delivered <= tracked->applied && transfer->isActive())
        return;
    Client &record = m_clients[tracked->token][tracked->client];
    if (record.complete || !record.version.sameFileAndContent(tracked->version))
        return; // complete already, or bytes of a version the client has moved on from
    // The body's newly delivered stretch, mapped onto the file through the spans (a multipart
    // body's boundaries and part heads are no part of the file).
    for (const Span &span : std::as_const(tracked->spans)) {
        const qint64 first = std::max(tracked->applied, span.bodyOffset);
        const qint64 end = std::min(delivered, span.bodyOffset + span.length);
        if (first < end)
            record.received.add(span.fileOffset + first - span.bodyOffset,
                                span.fileOffset + end - span.bodyOffset);
    }
    tracked->applied = std::max(tracked->applied, delivered);
    if (!record.received.covers(tracked->version.size))
        return;
    record.complete = true;
    record.received = {};
    if (!record.counted) {
        record.counted = true;
        m_shares.recordCompletedDownload(tracked->token);
    }
    SignalDeferral::emitOrDefer(
        this, [this, token = tracked->token, client = tracked->client, transferId] {
            Q_EMIT downloadCompleted(token, client, transferId);
        });
    keep(tracked->token, tracked->client);
}

} // namespace Sluice
