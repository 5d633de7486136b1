#pragma once

#include <QAbstractTableModel>

namespace Sluice {

class ShareRegistry;
struct Share;

// The shares as a table: name, size, link, completed downloads, status and SHA-256 (with its
// progress while it is computed).
class ShareModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Size, Link, Downloads, Status, Checksum, ColumnCount };
    // Sha256Role: the digest in hex, empty until it is known (for Copy). ExpiresAtRole: the
    // QDateTime its links stop working, invalid for none; ExpiredRole: whether they have.
    // MaxDownloadsRole: completed downloads allowed, 0 for no cap (DisplayRole of Downloads
    // says "2 of 3" then).
    enum Role {
        TokenRole = Qt::UserRole + 1,
        PathRole,
        SortRole,
        Sha256Role,
        ExpiresAtRole,
        ExpiredRole,
        MaxDownloadsRole,
    };

    explicit ShareModel(ShareRegistry &shares, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "http://192.168.1.20:8888": links are this plus the share's path; empty when not serving.
    void setLinkBase(const QString &base);
    QString linkBase() const { return m_linkBase; }
    QByteArray tokenAt(int row) const;
    int rowOf(const QByteArray &token) const;

private:
    static QString statusText(const Share &share);
    void handleAdded(const QByteArray &token);
    void handleAboutToBeRemoved(const QByteArray &token);
    void handleRemoved(const QByteArray &token);
    void handleChanged(const QByteArray &token);

    ShareRegistry &m_shares;
    QList<QByteArray> m_tokens; // row order
    QString m_linkBase;
    bool m_removing = false;
};

} // namespace Sluice
