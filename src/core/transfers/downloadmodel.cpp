#include "downloadmodel.h"

#include <algorithm>

#include <QLocale>
#include <QSet>

#include "byteintervals.h"
#include "transferreport.h"

namespace Sluice {
namespace {

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

bool sameClient(const QHostAddress &a, const QHostAddress &b)
{
    return a.isEqual(b, QHostAddress::ConvertV4MappedToIPv4);
}

} // namespace

DownloadModel::DownloadModel(TransferModel &transfers, QObject *parent)
    : QAbstractItemModel(parent)
    , m_transfers(transfers)
{
    connect(&transfers, &QAbstractItemModel::rowsInserted, this,
            &DownloadModel::handleRowsInserted);
    connect(&transfers, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            &DownloadModel::handleRowsAboutToBeRemoved);
    connect(&transfers, &QAbstractItemModel::dataChanged, this, &DownloadModel::handleDataChanged);
    connect(&transfers, &QAbstractItemModel::modelReset, this, [this] {
        beginResetModel();
        rebuild();
        endResetModel();
    });
    rebuild();
}

void DownloadModel::rebuild()
{
    m_downloads.clear();
    m_rowOfSerial.clear();
    m_serialOfTransfer.clear();
    const QSignalBlocker quiet(this); // within a reset, or before anyone listens
    for (int row = 0; row < m_transfers.rowCount(); ++row)
        place(m_transfers.transferIdAt(row));
}

QModelIndex DownloadModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(m_downloads[parent.row()].serial));
}

QModelIndex DownloadModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const int row = m_rowOfSerial.value(child.internalId(), -1);
    return row < 0 ? QModelIndex() : createIndex(row, 0, quintptr(0));
}

int DownloadModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_downloads.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return shownChildren(m_downloads[parent.row()]);
}

int DownloadModel::columnCount(const QModelIndex &) const
{
    return TransferModel::ColumnCount;
}

int DownloadModel::shownChildren(const Download &download)
{
    return download.transfers.size() > 1 ? int(download.transfers.size()) : 0;
}

int DownloadModel::downloadRowOf(quint64 transferId) const
{
    return m_rowOfSerial.value(m_serialOfTransfer.value(transferId), -1);
}

void DownloadModel::rebuildRows()
{
    m_rowOfSerial.clear();
    for (int row = 0; row < m_downloads.size(); ++row)
        m_rowOfSerial.insert(m_downloads[row].serial, row);
}

void DownloadModel::handleRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        place(m_transfers.transferIdAt(row));
}

void DownloadModel::handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    QList<quint64> ids;
    for (int row = first; row <= last; ++row)
        ids.append(m_transfers.transferIdAt(row));
    for (quint64 id : std::as_const(ids))
        removeTransfer(id);
}

bool DownloadModel::isOpen(const Download &download) const
{
    const Totals totals = totalsOf(download);
    // A download still running, or one that ended short (to be resumed), takes the client's
    // next request; after a complete one, fetching the file again is another download.
    return totals.active > 0 || totals.covered < totals.fileSize;
}

void DownloadModel::place(quint64 transferId)
{
    const Transfer *transfer = m_transfers.transferAt(m_transfers.rowOf(transferId));
    if (!transfer || m_serialOfTransfer.contains(transferId))
        return;
    // The client's latest download of the share, if it is still open.
    int row = -1;
    for (int i = int(m_downloads.size()) - 1; i >= 0; --i) {
        const Download &download = m_downloads[i];
        if (download.shareToken == transfer->shareToken
            && sameClient(download.client, transfer->peerAddress)) {
            row = isOpen(download) ? i : -1;
            break;
        }
    }
    if (row < 0) {
        const int newRow = int(m_downloads.size());
        beginInsertRows({}, newRow, newRow);
        m_downloads.append(
            {m_nextSerial++, transfer->peerAddress, transfer->shareToken, {transferId}});
        m_rowOfSerial.insert(m_downloads.constLast().serial, newRow);
        m_serialOfTransfer.insert(transferId, m_downloads.constLast().serial);
        endInsertRows();
        return;
    }
    Download &download = m_downloads[row];
    const QModelIndex parentIndex = index(row, 0);
    const int shown = shownChildren(download);
    // A second request makes both visible as the download's requests.
    if (shown == 0)
        beginInsertRows(parentIndex, 0, 1);
    else
        beginInsertRows(parentIndex, shown, shown);
    download.transfers.append(transferId);
    m_serialOfTransfer.insert(transferId, download.serial);
    endInsertRows();
    Q_EMIT dataChanged(index(row, 0), index(row, TransferModel::ColumnCount - 1));
}

void DownloadModel::removeTransfer(quint64 transferId)
{
    const auto serial = m_serialOfTransfer.constFind(transferId);
    if (serial == m_serialOfTransfer.constEnd())
        return;
    const int row = m_rowOfSerial.value(*serial, -1);
    m_serialOfTransfer.erase(serial);
    if (row < 0)
        return;
    Download &download = m_downloads[row];
    const int position = int(download.transfers.indexOf(transferId));
    if (download.transfers.size() == 1) {
        beginRemoveRows({}, row, row);
        m_downloads.removeAt(row);
        rebuildRows();
        endRemoveRows();
        return;
    }
    const QModelIndex parentIndex = index(row, 0);
    if (download.transfers.size() == 2)
        beginRemoveRows(parentIndex, 0, 1); // the one left is the download's row itself
    else
        beginRemoveRows(parentIndex, position, position);
    download.transfers.removeAt(position);
    endRemoveRows();
    Q_EMIT dataChanged(index(row, 0), index(row, TransferModel::ColumnCount - 1));
}

void DownloadModel::handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (topLeft.parent().isValid())
        return;
    // Per download: the span of its requests that changed; then the downloads, in runs.
    QHash<int, std::pair<int, int>> changedChildren;
    QSet<int> changedDownloads;
    for (int sourceRow = topLeft.row(); sourceRow <= bottomRight.row(); ++sourceRow) {
        const quint64 id = m_transfers.transferIdAt(sourceRow);
        const int row = downloadRowOf(id);
        if (row < 0)
            continue;
        changedDownloads.insert(row);
        const Download &download = m_downloads[row];
        if (shownChildren(download) == 0)
            continue;
        const int position = int(download.transfers.indexOf(id));
        auto span = changedChildren.find(row);
        if (span == changedChildren.end())
            changedChildren.insert(row, {position, position});
        else
            *span = {std::min(span->first, position), std::max(span->second, position)};
    }
    constexpr int lastColumn = TransferModel::ColumnCount - 1;
    for (auto it = changedChildren.cbegin(); it != changedChildren.cend(); ++it) {
        const QModelIndex parentIndex = index(it.key(), 0);
        Q_EMIT dataChanged(index(it->first, 0, parentIndex),
                           index(it->second, lastColumn, parentIndex));
    }
    QList<int> rows(changedDownloads.cbegin(), changedDownloads.cend());
    std::sort(rows.begin(), rows.end());
    qsizetype start = 0;
    while (start < rows.size()) {
        qsizetype end = start;
        while (end + 1 < rows.size() && rows[end + 1] == rows[end] + 1)
            ++end;
        Q_EMIT dataChanged(index(rows[start], 0), index(rows[end], lastColumn));
        start = end + 1;
    }
}

DownloadModel::Totals DownloadModel::totalsOf(const Download &download) const
{
    Totals totals;
    ByteIntervals covered;
    bool first = true;
    for (quint64 id : download.transfers) {
        const Transfer *t = m_transfers.transferAt(m_transfers.rowOf(id));
        if (!t)
            continue;
        totals.fileSize = std::max(totals.fileSize, t->fileSize);
        if (t->fileOffset >= 0)
            covered.add(t->fileOffset, t->fileOffset + t->bytesDelivered);
        if (t->isActive()) {
            ++totals.active;
            totals.paused += t->paused ? 1 : 0;
            totals.stalled += t->stalled ? 1 : 0;
            totals.bytesPerSecond += t->bytesPerSecond;
        }
        totals.startedMs = first ? t->startedMs : std::min(totals.startedMs, t->startedMs);
        totals.finishedMs = std::max(totals.finishedMs, t->finishedMs);
        if (!totals.last || t->startedMs >= totals.last->startedMs) {
            totals.last = t;
            totals.lastId = id;
        }
        first = false;
    }
    totals.covered = std::min(covered.coveredBytes(), totals.fileSize);
    return totals;
}

TransferModel::DisplayState DownloadModel::stateOf(const Download &download,
                                                   const Totals &totals) const
{
    using State = TransferModel::DisplayState;
    if (totals.active > 0) {
        if (totals.paused == totals.active)
            return State::Paused;
        return totals.stalled == totals.active ? State::Stalled : State::Sending;
    }
    if (totals.fileSize > 0 && totals.covered >= totals.fileSize)
        return State::Completed;
    // Ended short: as its latest request to end, unless that was a mere segment and another
    // says more.
    State state = State::Failed;
    qint64 latest = -1;
    bool onlySegments = true;
    for (quint64 id : download.transfers) {
        const int sourceRow = m_transfers.rowOf(id);
        const Transfer *t = m_transfers.transferAt(sourceRow);
        if (!t)
            continue;
        const auto own
            = State(m_transfers.index(sourceRow, 0).data(TransferModel::StateRole).toInt());
        const bool segment = own == State::Segment;
        if ((onlySegments && !segment) || (segment == onlySegments && t->finishedMs >= latest)) {
            latest = t->finishedMs;
            state = own;
            onlySegments = segment;
        }
    }
    return state;
}

QVariant DownloadModel::transferData(quint64 transferId, int column, int role) const
{
    if (role == TransferIdsRole)
        return QVariantList {QVariant::fromValue(transferId)};
    if (role == IsDownloadRole)
        return false;
    const int row = m_transfers.rowOf(transferId);
    return row < 0 ? QVariant() : m_transfers.index(row, column).data(role);
}

QVariant DownloadModel::downloadData(const Download &download, int column, int role) const
{
    if (role == TransferIdsRole) {
        QVariantList ids;
        for (quint64 id : download.transfers)
            ids.append(QVariant::fromValue(id));
        return ids;
    }
    if (role == IsDownloadRole)
        return true;
    // A single request is the download: shown as it is.
    if (download.transfers.size() == 1)
        return transferData(download.transfers.constFirst(), column, role);
    const Totals totals = totalsOf(download);
    if (!totals.last)
        return {};
    const TransferModel::DisplayState state = stateOf(download, totals);
    const double fraction = totals.fileSize > 0
        ? double(totals.covered) / double(totals.fileSize)
        : (state == TransferModel::DisplayState::Completed ? 1.0 : 0.0);
    const qint64 remaining = totals.fileSize - totals.covered;
    const qint64 etaSeconds = totals.active > 0 && totals.bytesPerSecond > 0
        ? qint64(double(remaining) / totals.bytesPerSecond + 0.5)
        : -1;
    const qint64 elapsedMs
        = (totals.active > 0 ? m_transfers.nowMs() : totals.finishedMs) - totals.startedMs;
    const auto stateText = [&]() -> QString {
        switch (state) {
        case TransferModel::DisplayState::Sending:
            return totals.active == 1 ? tr("sending")
                                      : tr("sending on %1 connections").arg(totals.active);
        case TransferModel::DisplayState::Stalled:
            return tr("stalled");
        case TransferModel::DisplayState::Paused:
            return tr("paused");
        case TransferModel::DisplayState::Completed:
            return tr("completed");
        default:
            break;
        }
        // Ended short: what its latest request says (cancelled, blocked, client gone…).
        for (auto it = download.transfers.crbegin(); it != download.transfers.crend(); ++it) {
            const QVariant own
                = transferData(*it, TransferModel::StateRole, TransferModel::StateRole);
            if (own.toInt() == int(state))
                return transferData(*it, TransferModel::State, Qt::DisplayRole).toString();
        }
        return {};
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TransferModel::Client:
            return download.client.toString();
        case TransferModel::File:
            return totals.last->fileName;
        case TransferModel::Range:
            return tr("%1 requests").arg(download.transfers.size());
        case TransferModel::Progress:
            return tr("%1 %").arg(QLocale().toString(100.0 * fraction, 'f', 1));
        case TransferModel::Transferred:
            return TransferModel::formatProgress(totals.covered, totals.fileSize);
        case TransferModel::Speed:
            return totals.active > 0 ? tr("%1/s").arg(formatSize(qint64(totals.bytesPerSecond)))
                                     : QString();
        case TransferModel::Eta:
            return TransferReport::formatDuration(etaSeconds);
        case TransferModel::Elapsed:
            return TransferReport::formatDuration(elapsedMs / 1000);
        case TransferModel::State:
            return stateText();
        default:
            return {};
        }
    case TransferModel::SortRole:
        switch (column) {
        case TransferModel::Client:
            return download.client.toString();
        case TransferModel::File:
            return totals.last->fileName;
        case TransferModel::Range:
            return QString();
        case TransferModel::Progress:
            return fraction;
        case TransferModel::Transferred:
            return totals.covered;
        case TransferModel::Speed:
            return totals.bytesPerSecond;
        case TransferModel::Eta:
            return etaSeconds;
        case TransferModel::Elapsed:
            return elapsedMs;
        case TransferModel::State:
            return int(state);
        default:
            return {};
        }
    case TransferModel::ProgressRole:
        return fraction;
    case TransferModel::TransferIdRole:
        return QVariant::fromValue(totals.lastId);
    case TransferModel::StateRole:
        return int(state);
    case Qt::TextAlignmentRole:
        return transferData(totals.lastId, column, role);
    case Qt::ToolTipRole:
        if (column == TransferModel::State)
            return tr("%1 requests of this client for the file, %2 of them running: "
                      "progress counts the bytes of the file any of them delivered.")
                .arg(download.transfers.size())
                .arg(totals.active);
        return column == TransferModel::File ? QVariant(totals.last->fileName)
                                             : QVariant(download.client.toString());
    default:
        return {};
    }
}

QVariant DownloadModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0)
        return downloadData(m_downloads[index.row()], index.column(), role);
    const int row = m_rowOfSerial.value(index.internalId(), -1);
    if (row < 0)
        return {};
    const Download &download = m_downloads[row];
    if (index.row() >= download.transfers.size())
        return {};
    return transferData(download.transfers[index.row()], index.column(), role);
}

QVariant DownloadModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_transfers.headerData(section, orientation, role);
}

} // namespace Sluice
