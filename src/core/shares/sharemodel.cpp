#include "sharemodel.h"

#include <QLocale>

#include "shareregistry.h"
#include "sharerules.h"

namespace Sluice {

ShareModel::ShareModel(ShareRegistry &shares, QObject *parent)
    : QAbstractTableModel(parent)
    , m_shares(shares)
{
    for (const Share &share : shares.shares())
        m_tokens.append(share.token);
    connect(&shares, &ShareRegistry::shareAdded, this, &ShareModel::handleAdded);
    connect(&shares, &ShareRegistry::shareAboutToBeRemoved, this,
            &ShareModel::handleAboutToBeRemoved);
    connect(&shares, &ShareRegistry::shareRemoved, this, &ShareModel::handleRemoved);
    connect(&shares, &ShareRegistry::shareChanged, this, &ShareModel::handleChanged);
}

int ShareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size());
}

int ShareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ShareModel::setLinkBase(const QString &base)
{
    if (base == m_linkBase)
        return;
    m_linkBase = base;
    if (!m_tokens.isEmpty())
        Q_EMIT dataChanged(index(0, Link), index(int(m_tokens.size()) - 1, Link));
}

QByteArray ShareModel::tokenAt(int row) const
{
    return m_tokens.value(row);
}

int ShareModel::rowOf(const QByteArray &token) const
{
    return int(m_tokens.indexOf(token));
}

void ShareModel::handleAdded(const QByteArray &token)
{
    const int row = int(m_tokens.size());
    beginInsertRows({}, row, row);
    m_tokens.append(token);
    endInsertRows();
}

void ShareModel::handleAboutToBeRemoved(const QByteArray &token)
{
    const int row = rowOf(token);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_tokens.removeAt(row);
    m_removing = true;
}

void ShareModel::handleRemoved(const QByteArray &)
{
    if (std::exchange(m_removing, false))
        endRemoveRows();
}

void ShareModel::handleChanged(const QByteArray &token)
{
    const int row = rowOf(token);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString ShareModel::statusText(const Share &share)
{
    switch (share.status) {
    case Share::Status::Available:
        if (share.archive && !share.archive->resumable()) {
            // Ranges wait for the CRCs; whole downloads work already.
            const CrcTable &crcs = *share.archive->crcs;
            return tr("ready, preparing resume (%1 %)")
                .arg(crcs.knownCount() * 100 / std::max<qsizetype>(crcs.size(), 1));
        }
        return tr("ready");
    case Share::Status::Changed:
        return tr("changed since shared");
    case Share::Status::Missing:
        return tr("missing");
    case Share::Status::NotResponding:
        return tr("not responding");
    }
    return {};
}

QVariant ShareModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Share *share = m_shares.find(m_tokens[index.row()]);
    if (!share)
        return {};
    if (role == TokenRole)
        return share->token;
    if (role == PathRole)
        return share->path;
    if (role == Sha256Role)
        return share->hasSha256For(share->currentIdentity)
            ? QString::fromLatin1(share->sha256.toHex())
            : QString();
    if (role == ExpiresAtRole)
        return ShareRules::expiresAt(share->policies).toLocalTime();
    if (role == ExpiredRole)
        return ShareRules::isExpired(*share);
    if (role == MaxDownloadsRole)
        return ShareRules::maxDownloads(share->policies);
    const int column = index.column();
    if (role == SortRole) {
        if (column == Size)
            return share->currentIdentity.size;
        if (column == Downloads)
            return share->completedDownloads;
        return data(index, Qt::DisplayRole);
    }
    if (role == Qt::TextAlignmentRole && (column == Size || column == Downloads))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == Name && share->archive
        && !share->archive->leftOut.isEmpty()) {
        // What the folder's archive leaves out, and why.
        QStringList lines {share->path, tr("Left out:")};
        for (const FolderSnapshot::LeftOut &item : share->archive->leftOut)
            lines.append(tr("%1: %2").arg(item.path, item.reasonInAppLanguage()));
        return lines.join(u'\n');
    }
    if (role == Qt::ToolTipRole)
        return column == Name ? share->path : data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name:
        return share->name;
    case Size: {
        const QString size = QLocale().formattedDataSize(share->currentIdentity.size, 1,
                                                         QLocale::DataSizeIecFormat);
        if (share->archive)
            return tr("%n file(s), %1", nullptr, share->archive->fileCount).arg(size);
        return size;
    }
    case Link:
        return m_linkBase.isEmpty() ? QString()
                                    : m_linkBase + QString::fromLatin1(share->linkPath());
    case Downloads:
        if (const int cap = ShareRules::maxDownloads(share->policies); cap > 0)
            return tr("%1 of %2").arg(share->completedDownloads).arg(cap);
        return share->completedDownloads;
    case Status: {
        // Expired first: whatever the file's state, its links answer 410.
        if (ShareRules::isExpired(*share))
            return tr("expired");
        // A lock is part of what the share is now: "ready, password needed".
        QString status = share->password.isSet() ? tr("%1, password needed").arg(statusText(*share))
                                                 : statusText(*share);
        // And so is its cap: "ready, 2 of 3 downloads" (once used up, new clients get 410).
        if (const int cap = ShareRules::maxDownloads(share->policies); cap > 0)
            status
                = tr("%1, %2 of %3 downloads").arg(status).arg(share->completedDownloads).arg(cap);
        return status;
    }
    case Checksum:
        if (share->archive)
            return QString(); // folders get CRC-32s per member, no SHA-256
        if (share->hasSha256For(share->currentIdentity))
            return QString::fromLatin1(share->sha256.toHex());
        if (share->hashedIdentity.sameFileAndContent(share->currentIdentity))
            return tr("not computed: the file changed while it was read");
        return tr("computing… %1 %")
            .arg(share->currentIdentity.size > 0
                     ? share->hashedBytes * 100 / share->currentIdentity.size
                     : 0);
    default:
        return {};
    }
}

QVariant ShareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Size:
        return tr("Size");
    case Link:
        return tr("Link");
    case Downloads:
        return tr("Downloads");
    case Status:
        return tr("Status");
    case Checksum:
        return tr("SHA-256");
    default:
        return {};
    }
}

} // namespace Sluice
