#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QHostAddress>
#include <QList>

#include "transfermodel.h"

namespace Sluice {

// The transfer list as downloads: one row per client and share, combining its requests (a
// download manager's segments, a resume, a browser's first probe) into one progress over the
// bytes of the file they covered, one speed and one ETA, and expanding to those requests when
// there is more than one. Its columns and roles are TransferModel's, whose rows it groups:
// a request's row shows exactly what TransferModel shows. A client that fetches the file again
// after a completed download starts a new row.
class DownloadModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        // Every transfer of the row (one for a request's row), as a QVariantList of quint64.
        TransferIdsRole = TransferModel::StateRole + 1,
        IsDownloadRole, // a top-level row
    };

    explicit DownloadModel(TransferModel &transfers, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    TransferModel &transfers() { return m_transfers; }
    // The top-level row that holds the transfer, or -1.
    int downloadRowOf(quint64 transferId) const;

private:
    struct Download
    {
        quint64 serial = 0; // stable while it exists: the internal id of its requests' rows
        QHostAddress client;
        QByteArray shareToken;
        QList<quint64> transfers; // in start order
    };
    // What a download's requests add up to, from TransferModel's published copies.
    struct Totals
    {
        qint64 fileSize = 0;
        qint64 covered = 0; // bytes of the file delivered by any of them
        double bytesPerSecond = 0;
        int active = 0;
        int paused = 0;
        int stalled = 0;
        qint64 startedMs = 0;
        qint64 finishedMs = 0;
        const Transfer *last = nullptr; // the latest to start
        quint64 lastId = 0;
    };

    void handleRowsInserted(const QModelIndex &parent, int first, int last);
    void handleRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void handleDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void rebuild();
    void place(quint64 transferId);
    void removeTransfer(quint64 transferId);
    void rebuildRows();
    // Requests are listed under a download only when it has more than one.
    static int shownChildren(const Download &download);
    Totals totalsOf(const Download &download) const;
    bool isOpen(const Download &download) const;
    TransferModel::DisplayState stateOf(const Download &download, const Totals &totals) const;
    QVariant downloadData(const Download &download, int column, int role) const;
    QVariant transferData(quint64 transferId, int column, int role) const;

    TransferModel &m_transfers;
    QList<Download> m_downloads;
    QHash<quint64, int> m_rowOfSerial;
    QHash<quint64, quint64> m_serialOfTransfer;
    quint64 m_nextSerial = 1;
};

} // namespace Sluice
