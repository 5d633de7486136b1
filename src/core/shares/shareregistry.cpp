#include "shareregistry.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMimeDatabase>
#include <QRandomGenerator>

#include "contentdisposition.h"
#include "signaldeferral.h"

Q_LOGGING_CATEGORY(lcShares, "sluice.shares", QtInfoMsg)

namespace Sluice {
namespace {

constexpr int tokenBytes = 16; // 128 bits

QString detectMimeType(const QString &path)
{
    // By name first, then by content when the name says nothing.
    static const QMimeDatabase database;
    return database.mimeTypeForFile(path, QMimeDatabase::MatchDefault).name();
}

QString whyNotShareable(const QString &path, const BlobIdentity &identity)
{
    if (!identity.exists)
        return QObject::tr("%1: no such file").arg(path);
    if (!identity.isRegularFile)
        return QObject::tr("%1: not a regular file (folders cannot be shared)").arg(path);
    if (!BlobIdentity::permitsReading(QFile::encodeName(path), identity))
        return QObject::tr("%1: permission denied").arg(path);
    return {};
}

} // namespace

ShareRegistry::ShareRegistry(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        for (const Share &share : std::as_const(m_shares)) {
            if (share.path == path) {
                refresh(share.token);
                break;
            }
        }
    });
}

ShareRegistry::AddResult ShareRegistry::addFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (const Share &share : std::as_const(m_shares)) {
        if (share.path == absolute)
            return {share.token, {}};
    }
    const BlobIdentity identity = BlobIdentity::ofPath(absolute);
    if (QString error = whyNotShareable(absolute, identity); !error.isEmpty())
        return {{}, error};

    Share share;
    share.token = newToken();
    share.path = absolute;
    share.encodedPath = QFile::encodeName(absolute);
    share.name = QFileInfo(absolute).fileName();
    share.contentDisposition = contentDispositionAttachment(share.name);
    share.setMimeType(detectMimeType(absolute));
    share.sharedIdentity = identity;
    share.setCurrentIdentity(identity);
    share.sharedAt = QDateTime::currentDateTimeUtc();
    m_shares.append(share);
    m_watcher.addPath(absolute);
    qCInfo(lcShares, "sharing %s as %s", qPrintable(absolute), share.token.constData());
    Q_EMIT shareAdded(share.token);
    return {share.token, {}};
}

bool ShareRegistry::remove(const QByteArray &token)
{
    for (qsizetype i = 0; i < m_shares.size(); ++i) {
        if (m_shares[i].token == token) {
            // Signalled at once, so observers see the share before it goes: removal never
            // happens in a pump pass.
            Q_ASSERT(!SignalDeferral::isDeferring());
            Q_EMIT shareAboutToBeRemoved(token);
            m_watcher.removePath(m_shares[i].path);
            m_shares.removeAt(i);
            Q_EMIT shareRemoved(token);
            return true;
        }
    }
    return false;
}

const Share *ShareRegistry::find(QByteArrayView token) const
{
    for (const Share &share : m_shares) {
        if (share.token == token)
            return &share;
    }
    return nullptr;
}

Share *ShareRegistry::findMutable(QByteArrayView token)
{
    for (Share &share : m_shares) {
        if (share.token == token)
            return &share;
    }
    return nullptr;
}

BlobIdentity ShareRegistry::refresh(const QByteArray &token)
{
    Share *share = findMutable(token);
    if (!share)
        return {};
    const BlobIdentity now = BlobIdentity::ofEncodedPath(share->encodedPath);
    Share::Status status = Share::Status::Available;
    // Permissions change the inode's ctime: while it stands still, the last access(2) verdict
    // holds, and a request costs one stat(2).
    const bool unchanged = share->status != Share::Status::Missing && now.exists
        && now.inode == share->currentIdentity.inode
        && now.ctimeNs == share->currentIdentity.ctimeNs;
    if (!unchanged && !whyNotShareable(share->path, now).isEmpty())
        status = Share::Status::Missing;
    else if (!now.sameFileAndContent(share->sharedIdentity))
        status = Share::Status::Changed;

    const bool differs = status != share->status
        || (status != Share::Status::Missing && !now.sameFileAndContent(share->currentIdentity));
    if (differs) {
        if (status != Share::Status::Missing && now.inode != share->currentIdentity.inode)
            share->setMimeType(detectMimeType(share->path));
        share->setCurrentIdentity(now);
        share->status = status;
        if (status == Share::Status::Missing)
            share->file.reset(); // gone or unreadable: not held open for requests any more
        emitShareChanged(token);
    } else if (status != Share::Status::Missing) {
        share->setCurrentIdentity(now); // a new ctime (say, chmod that still allows reading)
    }
    return status == Share::Status::Missing ? BlobIdentity {} : now;
}

std::shared_ptr<const OpenFile> ShareRegistry::openCurrentFile(const QByteArray &token)
{
    Share *share = findMutable(token);
    if (!share || share->status == Share::Status::Missing)
        return nullptr;
    if (!share->file) {
        bool changed = false;
        share->file = OpenFile::open(share->encodedPath, share->currentIdentity, &changed);
    }
    return share->file;
}

BlobIdentity ShareRegistry::refreshOncePerRound(const QByteArray &token, quint64 round)
{
    if (round == 0)
        return refresh(token);
    if (round != m_round) {
        m_round = round;
        m_refreshedThisRound.clear();
    }
    if (m_refreshedThisRound.contains(token)) {
        const Share *share = find(token);
        return share && share->status != Share::Status::Missing ? share->currentIdentity
                                                                : BlobIdentity {};
    }
    m_refreshedThisRound.append(token);
    return refresh(token);
}

void ShareRegistry::recordCompletedDownload(const QByteArray &token)
{
    if (Share *share = findMutable(token)) {
        ++share->completedDownloads;
        emitShareChanged(token);
    }
}

void ShareRegistry::emitShareChanged(const QByteArray &token)
{
    SignalDeferral::emitOrDefer(this, [this, token] {
        // A share removed while the signal waited had its removal signalled: its change
        // tells an observer nothing.
        if (find(token))
            Q_EMIT shareChanged(token);
    });
}

QByteArray ShareRegistry::newToken()
{
    QByteArray bytes(tokenBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          tokenBytes / int(sizeof(quint32)));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace Sluice
