#include "transfermodel.h"

#include <QLocale>

#include "transferreport.h"
#include "transfertracker.h"

namespace Sluice {
namespace {

constexpr auto refreshInterval = std::chrono::milliseconds(250); // 4 Hz at most
// A closed connection and another of the same client for the same file this close together
// are one download.
constexpr qint64 segmentGapMs = 30'000;

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace

// "14.6 of 40.0 MiB": the unit once when both share it, "900.0 KiB of 40.0 MiB" otherwise.
QString TransferModel::formatProgress(qint64 done, qint64 total)
{
    const QString doneText = formatSize(done);
    const QString totalText = formatSize(total);
    const qsizetype doneSpace = doneText.lastIndexOf(u' ');
    const qsizetype totalSpace = totalText.lastIndexOf(u' ');
    if (doneSpace > 0 && totalSpace > 0
        && QStringView(doneText).mid(doneSpace) == QStringView(totalText).mid(totalSpace))
        return TransferModel::tr("%1 of %2").arg(doneText.left(doneSpace), totalText);
    return TransferModel::tr("%1 of %2").arg(doneText, totalText);
}

namespace {

QString hostText(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                               : address.toString();
}

bool endedEarlyByClient(const Transfer &transfer)
{
    return transfer.state == Transfer::State::ClientGone;
}

} // namespace

TransferModel::TransferModel(TransferTracker &tracker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_tracker(tracker)
{
    for (quint64 id : tracker.ids())
        handleStarted(id);
    insertPendingRows();
    connect(&tracker, &TransferTracker::transferStarted, this, &TransferModel::handleStarted);
    connect(&tracker, &TransferTracker::transfersAboutToBeRemoved, this,
            &TransferModel::handleAboutToBeRemoved);
    m_refreshTimer.setInterval(refreshInterval);
    connect(&m_refreshTimer, &QTimer::timeout, this, &TransferModel::refresh);
}

int TransferModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TransferModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void TransferModel::handleStarted(quint64 id)
{
    // New rows join at the next refresh, all at once: a burst of a thousand starts is one
    // insertion for the views, not a thousand.
    m_pendingIds.append(id);
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start(); // runs only while something is active: no wake-ups when idle
}

void TransferModel::insertPendingRows()
{
    QList<Row> added;
    for (quint64 id : std::as_const(m_pendingIds)) {
        const Transfer *transfer = m_tracker.find(id);
        if (!transfer || m_rowById.contains(id))
            continue;
        added.append(Row {*transfer});
    }
    m_pendingIds.clear();
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_rows.append(added);
    rebuildIndex(first);
    endInsertRows();
}

QList<int> TransferModel::markSegments()
{
    // Per client and file: the latest start of a connection that runs or completed.
    QHash<QPair<QString, QByteArray>, qint64> going;
    for (const Row &row : std::as_const(m_rows)) {
        const Transfer &t = row.transfer;
        if (t.isActive() || t.state == Transfer::State::Completed) {
            qint64 &latest = going[{t.peerAddress.toString(), t.shareToken}];
            latest = std::max(latest, t.startedMs);
        }
    }
    QList<int> changed;
    if (going.isEmpty())
        return changed;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const Transfer &t = row.transfer;
        if (row.segment || !endedEarlyByClient(t))
            continue;
        const auto it = going.constFind({t.peerAddress.toString(), t.shareToken});
        if (it != going.constEnd() && *it + segmentGapMs >= t.startedMs
            && *it <= t.finishedMs + segmentGapMs) {
            row.segment = true;
            changed.append(i);
        }
    }
    return changed;
}

void TransferModel::handleAboutToBeRemoved(const QList<quint64> &ids)
{
    QList<int> rows;
    for (quint64 id : ids) {
        m_pendingIds.removeOne(id);
        const int row = m_rowById.value(id, -1);
        if (row >= 0)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    // Contiguous runs go in one removal each, last run first so earlier rows keep their numbers.
    qsizetype end = rows.size();
    while (end > 0) {
        qsizetype start = end - 1;
        while (start > 0 && rows[start - 1] == rows[start] - 1)
            --start;
        const int first = rows[start];
        const int last = rows[end - 1];
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_rowById.remove(m_rows[row].transfer.id);
        m_rows.remove(first, last - first + 1);
        // Before the next run: its observers look rows up by id.
        rebuildIndex(first);
        endRemoveRows();
        end = start;
    }
}

void TransferModel::rebuildIndex(int fromRow)
{
    for (int i = fromRow; i < m_rows.size(); ++i)
        m_rowById[m_rows[i].transfer.id] = i;
}

void TransferModel::refresh()
{
    insertPendingRows();
    double aggregate = 0;
    int firstChanged = -1;
    int lastChanged = -1;
    QList<int> changedRows;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const bool wasActive = row.transfer.isActive();
        if (!wasActive)
            continue; // finished rows change only to be marked as segments, below
        if (const Transfer *current = m_tracker.find(row.transfer.id))
            row.transfer = *current;
        if (row.transfer.isActive())
            aggregate += row.transfer.bytesPerSecond;
        changedRows.append(i);
        firstChanged = firstChanged < 0 ? i : firstChanged;
        lastChanged = i;
    }
    m_aggregateSpeed = aggregate;
    for (int row : markSegments()) {
        if (!changedRows.contains(row))
            changedRows.append(row);
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
        lastChanged = std::max(lastChanged, row);
    }
    std::sort(changedRows.begin(), changedRows.end());
    const bool anyActive = std::any_of(m_rows.cbegin(), m_rows.cend(),
                                       [](const Row &row) { return row.transfer.isActive(); });
    if (!anyActive)
        m_refreshTimer.stop();
    const int changedCount = int(changedRows.size());
    if (changedCount == 0) {
        Q_EMIT refreshed();
        return;
    }
    const QList<int> roles = {Qt::DisplayRole, SortRole, ProgressRole, StateRole};
    // Active rows change every tick: one ranged signal when they cluster, per row otherwise.
    if (changedCount * 2 >= lastChanged - firstChanged + 1) {
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1), roles);
    } else {
        for (int row : std::as_const(changedRows))
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), roles);
    }
    Q_EMIT refreshed();
}

quint64 TransferModel::transferIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].transfer.id : 0;
}

const Transfer *TransferModel::transferAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row].transfer : nullptr;
}

qint64 TransferModel::nowMs() const
{
    return m_tracker.nowMs();
}

int TransferModel::rowOf(quint64 id) const
{
    return m_rowById.value(id, -1);
}

double TransferModel::speedOf(quint64 id) const
{
    const int row = rowOf(id);
    return row < 0 || !m_rows[row].transfer.isActive() ? 0.0 : m_rows[row].transfer.bytesPerSecond;
}

TransferModel::DisplayState TransferModel::displayStateOf(const Row &row) const
{
    switch (row.transfer.state) {
    case Transfer::State::Sending:
        if (row.transfer.paused)
            return DisplayState::Paused;
        return row.transfer.stalled ? DisplayState::Stalled : DisplayState::Sending;
    case Transfer::State::Completed:
        return DisplayState::Completed;
    case Transfer::State::Cancelled:
        return row.transfer.error == Transfer::Error::ClientBlocked ? DisplayState::Blocked
                                                                    : DisplayState::Cancelled;
    case Transfer::State::ClientGone:
        return row.segment ? DisplayState::Segment : DisplayState::ClientGone;
    case Transfer::State::Failed:
        return DisplayState::Failed;
    }
    return DisplayState::Failed;
}

QString TransferModel::stateText(const Row &row) const
{
    const DisplayState state = displayStateOf(row);
    if (state == DisplayState::Stalled)
        return tr("stalled");
    if (state == DisplayState::Paused)
        return tr("paused");
    if (state == DisplayState::Blocked)
        return tr("blocked");
    if (state == DisplayState::Segment)
        return tr("segment closed by the client");
    const QString name = Transfer::stateName(row.transfer.state);
    if (row.transfer.state == Transfer::State::Failed
        || row.transfer.state == Transfer::State::ClientGone)
        return tr("%1: %2").arg(name, row.transfer.endReason.text());
    return name;
}

qint64 TransferModel::elapsedMs(const Row &row) const
{
    return row.transfer.elapsedMs(m_tracker.nowMs());
}

QVariant TransferModel::displayData(const Row &row, int column) const
{
    const Transfer &t = row.transfer;
    switch (column) {
    case Client:
        return t.peerAddress.toString(); // the port is in the tooltip
    case File:
        return t.fileName;
    case Range:
        return t.range.isEmpty() ? tr("whole file") : QString::fromLatin1(t.range);
    case Progress: {
        // An empty body is complete from the start; numbers in the user's locale.
        const double percent
            = t.bytesDue > 0 ? 100.0 * double(t.bytesDelivered) / double(t.bytesDue) : 100.0;
        return tr("%1 %").arg(QLocale().toString(percent, 'f', 1));
    }
    case Transferred:
        return formatProgress(t.bytesDelivered, t.bytesDue);
    case Speed:
        return t.isActive() ? tr("%1/s").arg(formatSize(qint64(t.bytesPerSecond))) : QString();
    case Eta:
        return TransferReport::formatDuration(t.isActive() ? t.etaSeconds : -1);
    case Elapsed:
        return TransferReport::formatDuration(elapsedMs(row) / 1000);
    case State:
        return stateText(row);
    default:
        return {};
    }
}

QVariant TransferModel::sortData(const Row &row, int column) const
{
    const Transfer &t = row.transfer;
    switch (column) {
    case Client:
        return t.peerAddress.toString();
    case File:
        return t.fileName;
    case Range:
        return QString::fromLatin1(t.range);
    case Progress:
        return t.bytesDue > 0 ? double(t.bytesDelivered) / double(t.bytesDue) : 1.0;
    case Transferred:
        return t.bytesDelivered;
    case Speed:
        return t.isActive() ? t.bytesPerSecond : 0.0;
    case Eta:
        return t.isActive() ? t.etaSeconds : -1;
    case Elapsed:
        return elapsedMs(row);
    case State:
        return int(displayStateOf(row));
    default:
        return {};
    }
}

QVariant TransferModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case SortRole:
        return sortData(row, index.column());
    case ProgressRole:
        return row.transfer.bytesDue > 0
            ? double(row.transfer.bytesDelivered) / double(row.transfer.bytesDue)
            : 1.0;
    case TransferIdRole:
        return row.transfer.id;
    case StateRole:
        return int(displayStateOf(row));
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Transferred:
        case Speed:
        case Eta:
        case Elapsed:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Client:
            return tr("%1, port %2")
                .arg(hostText(row.transfer.peerAddress))
                .arg(row.transfer.peerPort);
        case File:
            return row.transfer.fileName;
        case State:
            if (displayStateOf(row) == DisplayState::Paused)
                return tr("Paused here: Sluice sends nothing and does not drop the connection for "
                          "being quiet, but the client may give up on its own after a while.");
            return row.segment
                ? tr("The client closed this connection early while it went on downloading the "
                     "file on another one (a browser's first request, or one segment of a "
                     "download manager): the download itself did not fail.")
                : stateText(row);
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant TransferModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Client:
        return tr("Client");
    case File:
        return tr("File");
    case Range:
        return tr("Range");
    case Progress:
        return tr("Progress");
    case Transferred:
        return tr("Transferred");
    case Speed:
        return tr("Speed");
    case Eta:
        return tr("ETA");
    case Elapsed:
        return tr("Elapsed");
    case State:
        return tr("State");
    default:
        return {};
    }
}

QHash<int, QByteArray> TransferModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(ProgressRole, "progress");
    names.insert(TransferIdRole, "transferId");
    names.insert(StateRole, "state");
    return names;
}

} // namespace Sluice
