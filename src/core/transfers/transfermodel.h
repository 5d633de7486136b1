#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

#include "transfer.h"

namespace Sluice {

class TransferTracker;

// The transfer list as a table. Rows follow the tracker, which owns the numbers (speed, ETA,
// stalled); they are refreshed by a timer (at most 4 Hz), never per chunk, so a thousand
// transfers cost the view no more than ten.
class TransferModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Client,
        File,
        Range,
        Progress,
        Transferred,
        Speed,
        Eta,
        Elapsed,
        State,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw numbers and strings for sorting
        ProgressRole, // 0.0 – 1.0, or -1 when the size is unknown
        TransferIdRole,
        StateRole, // DisplayState as int
    };
    // Segment: a connection the client closed early while another one for the same file went
    // on (a browser's probe, a download manager's first connection): not a failed download.
    enum class DisplayState {
        Sending,
        Stalled,
        Completed,
        Cancelled,
        ClientGone,
        Failed,
        Segment,
        Paused,
        Blocked, // cancelled because its client was blocked
    };

    explicit TransferModel(TransferTracker &tracker, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    quint64 transferIdAt(int row) const;
    // The row's transfer as last published; null for a row that does not exist.
    const Transfer *transferAt(int row) const;
    qint64 nowMs() const;
    // "14.6 of 40.0 MiB".
    static QString formatProgress(qint64 done, qint64 total);
    int rowOf(quint64 id) const;
    double speedOf(quint64 id) const;
    double aggregateSpeed() const { return m_aggregateSpeed; }
    // Publishes the latest numbers now; the timer calls this.
    void refresh();
    void setRefreshInterval(std::chrono::milliseconds interval)
    {
        m_refreshTimer.setInterval(interval);
    }

Q_SIGNALS:
    void refreshed();

private:
    struct Row
    {
        Transfer transfer; // the tracker's copy at the last refresh
        bool segment = false; // see DisplayState::Segment
    };

    void handleStarted(quint64 id);
    void insertPendingRows();
    void handleAboutToBeRemoved(const QList<quint64> &ids);
    DisplayState displayStateOf(const Row &row) const;
    QString stateText(const Row &row) const;
    QVariant displayData(const Row &row, int column) const;
    QVariant sortData(const Row &row, int column) const;
    qint64 elapsedMs(const Row &row) const;
    void rebuildIndex(int fromRow);
    // Marks the client's early-closed connections for the same file as segments once another
    // connection of theirs runs or completes; returns the rows that changed.
    QList<int> markSegments();

    TransferTracker &m_tracker;
    QList<Row> m_rows;
    QHash<quint64, int> m_rowById;
    QTimer m_refreshTimer;
    double m_aggregateSpeed = 0;
    QList<quint64> m_pendingIds; // started since the last refresh
};

} // namespace Sluice
