#include "shareregistry.h"

#include <optional>

#include <algorithm>
#include <sys/stat.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMimeDatabase>
#include <QRandomGenerator>
#include <QTimer>

#include "contentdisposition.h"
#include "crcpass.h"
#include "sharerules.h"
#include "signaldeferral.h"

Q_LOGGING_CATEGORY(lcShares, "sluice.shares", QtInfoMsg)

namespace Sluice {
namespace {

constexpr int tokenBytes = 16; // 128 bits
const QString passwordPolicy = QStringLiteral("password"); // in Share::policies
// The expiry timer wakes at least this often: a QTimer cannot wait weeks, and a wall-clock
// change (suspend, NTP) is noticed within this time.
constexpr auto longestExpiryWait = std::chrono::minutes(1);

QString detectMimeType(const QString &path)
{
    // By name first, then by content when the name says nothing.
    static const QMimeDatabase database;
    return database.mimeTypeForFile(path, QMimeDatabase::MatchDefault).name();
}

QString whyNotShareable(const QString &path, const BlobIdentity &identity)
{
    if (!identity.exists)
        return QCoreApplication::translate("ShareRegistry", "%1: no such file").arg(path);
    if (!identity.isRegularFile)
        return QCoreApplication::translate("ShareRegistry", "%1: not a regular file or folder")
            .arg(path);
    if (!BlobIdentity::permitsReading(QFile::encodeName(path), identity))
        return QCoreApplication::translate("ShareRegistry", "%1: permission denied").arg(path);
    return {};
}

} // namespace

ShareRegistry::ShareRegistry(QObject *parent, const QString &hashCachePath)
    : QObject(parent)
    , m_hasher(m_workers, std::make_shared<HashCache>(hashCachePath))
{
    connect(&m_hasher, &ShareHasher::progressed, this,
            [this](const QByteArray &token, qint64 bytesHashed) {
                if (Share *share = findMutable(token)) {
                    share->hashedBytes = bytesHashed;
                    emitShareChanged(token);
                }
            });
    connect(&m_hasher, &ShareHasher::hashed, this, &ShareRegistry::applyHash);
    // A version that changed while it was read is looked at again; its successor is hashed
    // once the look has it.
    connect(&m_hasher, &ShareHasher::abandoned, this,
            [this](const QByteArray &token, const BlobIdentity &identity) {
                if (Share *share = findMutable(token)) {
                    share->hashedIdentity = identity; // without a digest: not tried again
                    share->hashedBytes = 0;
                    requestCheck(token);
                }
            });
    // The watcher only says that something happened; a worker looks at what (no stat here).
    // The file's folder is watched too: a file replaced by a rename or deleted and written
    // again is another inode, which the file's own watch does not follow.
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        markStale([&](const Share &share) { return share.path == path; });
    });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &folder) {
        markStale([&](const Share &share) { return folderOf(share) == folder; });
    });
    m_missingRecheck.setInterval(missingRecheckInterval);
    connect(&m_missingRecheck, &QTimer::timeout, this, &ShareRegistry::recheckMissing);
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &ShareRegistry::handleExpiryTimer);
}

// Sharing is the one place the loop still looks at a file itself (stat, access, the type by
// name or content, and the watcher's inotify_add_watch): the person sharing just chose the
// file, so its mount answered a moment ago, and the answer (a token or an error) is immediate.
ShareRegistry::AddResult ShareRegistry::addFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (std::optional<AddResult> existing = shareAgain(absolute))
        return *existing;
    const BlobIdentity identity = BlobIdentity::ofPath(absolute);
    if (identity.exists && S_ISDIR(identity.mode))
        return addFolder(absolute);
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
    share.confirmedAt = Share::Clock::now();
    m_shares.append(share);
    watch(share);
    qCInfo(lcShares, "sharing %s as %s", qPrintable(absolute), share.token.constData());
    hashCurrentVersion(m_shares.last());
    Q_EMIT shareAdded(share.token);
    return {share.token, {}};
}

bool ShareRegistry::restore(const SavedShare &saved)
{
    for (const Share &share : std::as_const(m_shares)) {
        if (share.token == saved.token || share.path == saved.path)
            return false;
    }
    Share share;
    share.token = saved.token;
    share.path = saved.path;
    share.encodedPath = QFile::encodeName(saved.path);
    share.name = saved.name;
    share.contentDisposition = contentDispositionAttachment(share.name);
    share.setMimeType(saved.mimeType.isEmpty() ? QStringLiteral("application/octet-stream")
                                               : saved.mimeType);
    share.sharedIdentity = saved.sharedIdentity;
    share.setCurrentIdentity(saved.sharedIdentity);
    share.sharedAt = saved.sharedAt;
    share.completedDownloads = saved.completedDownloads;
    share.policies = saved.policies;
    share.downloadClients = saved.downloadClients;
    if (saved.policies.contains(passwordPolicy)) {
        share.password = StoredPassword::fromJson(saved.policies.value(passwordPolicy).toObject());
        if (!share.password.isSet()) {
            // Unreadable: the share stays locked (by a password nobody knows) rather than open.
            qCWarning(lcShares, "the saved password of %s cannot be read; set a new one",
                      qPrintable(saved.path));
            share.password = StoredPassword::of(generatePassword());
        }
    }
    // Not confirmed by any look yet: requests wait for the first one.
    m_shares.append(share);
    scheduleExpiry();
    watch(share);
    qCInfo(lcShares, "restoring %s as %s", qPrintable(share.path), share.token.constData());
    Q_EMIT shareAdded(share.token);
    requestCheck(share.token);
    return true;
}

void ShareRegistry::watch(const Share &share)
{
    m_watcher.addPath(share.path); // fails for a missing file: its folder says when it is back
    m_watcher.addPath(folderOf(share)); // already watched for another share: no harm
}

void ShareRegistry::recheckMissing()
{
    bool anyMissing = false;
    for (Share &share : m_shares) {
        if (share.status == Share::Status::Missing) {
            anyMissing = true;
            // The file itself may not have been watchable when it was added.
            if (!share.checking)
                startCheck(share);
        }
    }
    if (!anyMissing)
        m_missingRecheck.stop();
}

// Like a file, the folder is looked at on the loop when it is shared: its walk (a stat per
// member) is the snapshot the archive is made of.
ShareRegistry::AddResult ShareRegistry::addFolder(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (std::optional<AddResult> existing = shareAgain(absolute))
        return *existing;
    QString error;
    std::shared_ptr<FolderArchive> archive;
    BlobIdentity identity;
    if (!snapshotFolder(absolute, &archive, &identity, &error))
        return {{}, error};

    Share share;
    share.token = newToken();
    share.path = absolute;
    share.encodedPath = QFile::encodeName(absolute);
    const QString folderName = QFileInfo(absolute).fileName();
    share.name
        = (folderName.isEmpty() ? QStringLiteral("folder") : folderName) + QStringLiteral(".zip");
    share.contentDisposition = contentDispositionAttachment(share.name);
    share.setMimeType(QStringLiteral("application/zip"));
    share.archive = archive;
    share.sharedIdentity = identity;
    share.setCurrentIdentity(identity);
    share.sharedAt = QDateTime::currentDateTimeUtc();
    share.confirmedAt = Share::Clock::now();
    m_shares.append(share);
    m_watcher.addPath(folderOf(share));
    qCInfo(lcShares, "sharing folder %s (%d files, %lld bytes, %lld left out) as %s",
           qPrintable(absolute), archive->fileCount, archive->fileBytes,
           qlonglong(archive->leftOut.size()), share.token.constData());
    Q_EMIT shareAdded(share.token);
    continueCrcPass(share.token, 0);
    return {share.token, {}};
}

std::optional<ShareRegistry::AddResult> ShareRegistry::shareAgain(const QString &absolute)
{
    for (Share &share : m_shares) {
        if (share.path != absolute)
            continue;
        if (share.archive && share.archive->changed)
            return retakeSnapshot(share);
        return AddResult {share.token, {}};
    }
    return std::nullopt;
}

bool ShareRegistry::snapshotFolder(const QString &absolute, std::shared_ptr<FolderArchive> *archive,
                                   BlobIdentity *identity, QString *error)
{
    const BlobIdentity folder = BlobIdentity::ofPath(absolute);
    if (!folder.exists || !S_ISDIR(folder.mode)) {
        *error = tr("%1: no such folder").arg(absolute);
        return false;
    }
    *archive = FolderArchive::fromSnapshot(FolderSnapshot::take(absolute), error);
    if (!*archive)
        return false;
    // The archive's identity: the folder's, with the archive's size and the newest member's
    // time (Last-Modified); its ETag comes from the snapshot.
    *identity = folder;
    identity->isRegularFile = true;
    identity->size = (*archive)->layout->size();
    identity->mtimeNs = std::max((*archive)->newestMtimeNs, folder.mtimeNs);
    return true;
}

// Sharing a changed folder again serves what it holds now under the same link: the new
// snapshot has its own ETag, so a resume of the old archive gets the whole new one.
ShareRegistry::AddResult ShareRegistry::retakeSnapshot(Share &share)
{
    QString error;
    std::shared_ptr<FolderArchive> archive;
    BlobIdentity identity;
    if (!snapshotFolder(share.path, &archive, &identity, &error))
        return {{}, error};
    share.archive = archive;
    share.sharedIdentity = identity;
    share.etag.clear(); // the snapshot's, even where the folder's own identity is unchanged
    share.setCurrentIdentity(identity);
    share.status = Share::Status::Available;
    share.confirmedAt = Share::Clock::now();
    qCInfo(lcShares, "sharing folder %s again (%d files, %lld bytes) as %s", qPrintable(share.path),
           archive->fileCount, archive->fileBytes, share.token.constData());
    const QByteArray token = share.token;
    emitShareChanged(token);
    continueCrcPass(token, 0);
    return {token, {}};
}

void ShareRegistry::continueCrcPass(const QByteArray &token, qsizetype first)
{
    const Share *share = find(token);
    if (!share || !share->archive || first >= share->archive->layout->entryCount())
        return;
    std::shared_ptr<FolderArchive> archive = share->archive;
    auto batch = std::make_shared<CrcPassBatch>();
    m_workers.run(
        share->sharedIdentity.device,
        [layout = archive->layout, crcs = archive->crcs, first, batch] {
            *batch = CrcPassBatch::run(*layout, *crcs, first);
        },
        this,
        [this, token, archive, batch] {
            const Share *current = find(token);
            if (!current || current->archive != archive)
                return; // removed meanwhile: the pass ends
            if (!batch->changed.isEmpty())
                reportArchiveChanged(token, batch->changed);
            emitShareChanged(token); // progress, and "resumable" once complete
            continueCrcPass(token, batch->next);
        });
}

void ShareRegistry::reportArchiveChanged(const QByteArray &token, const QString &why)
{
    Share *share = findMutable(token);
    if (!share || !share->archive || share->archive->changed)
        return;
    qCInfo(lcShares, "%s changed: %s", qPrintable(share->path), qPrintable(why));
    share->archive->changed = true;
    if (share->status == Share::Status::Available) {
        share->status = Share::Status::Changed;
        emitShareChanged(token);
    }
}

bool ShareRegistry::remove(const QByteArray &token)
{
    for (qsizetype i = 0; i < m_shares.size(); ++i) {
        if (m_shares[i].token == token) {
            // Signalled at once, so observers see the share before it goes: removal never
            // happens in a pump pass.
            Q_ASSERT(!SignalDeferral::isDeferring());
            Q_EMIT shareAboutToBeRemoved(token);
            m_hasher.cancel(token);
            m_watcher.removePath(m_shares[i].path);
            const QString folder = folderOf(m_shares[i]);
            m_shares.removeAt(i);
            if (std::none_of(m_shares.cbegin(), m_shares.cend(),
                             [&](const Share &share) { return folderOf(share) == folder; }))
                m_watcher.removePath(folder);
            Q_EMIT shareRemoved(token);
            return true;
        }
    }
    return false;
}

bool ShareRegistry::setExpiry(const QByteArray &token, const QDateTime &when)
{
    Share *share = findMutable(token);
    if (!share)
        return false;
    const bool wasExpired = ShareRules::isExpired(*share);
    ShareRules::setExpiresAt(share->policies, when);
    if (!wasExpired && ShareRules::isExpired(*share))
        SignalDeferral::emitOrDefer(this, [this, token] {
            if (find(token))
                Q_EMIT shareExpired(token);
        });
    emitShareChanged(token);
    scheduleExpiry();
    return true;
}

bool ShareRegistry::setMaxDownloads(const QByteArray &token, int count)
{
    Share *share = findMutable(token);
    if (!share)
        return false;
    ShareRules::setMaxDownloads(share->policies, count);
    emitShareChanged(token);
    return true;
}

bool ShareRegistry::applyRules(const QByteArray &token, const QJsonObject &rules)
{
    if (!find(token))
        return false;
    if (const QDateTime when = ShareRules::expiresAt(rules); when.isValid())
        setExpiry(token, when);
    if (const int cap = ShareRules::maxDownloads(rules); cap > 0)
        setMaxDownloads(token, cap);
    return true;
}

void ShareRegistry::scheduleExpiry()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!m_expiriesSeenUntil.isValid() || m_expiriesSeenUntil > now)
        m_expiriesSeenUntil = now; // set for the first time, or the clock went back
    qint64 soonest = -1;
    for (const Share &share : std::as_const(m_shares)) {
        const QDateTime expiry = ShareRules::expiresAt(share.policies);
        if (expiry.isValid() && expiry > now) {
            const qint64 ms = now.msecsTo(expiry);
            soonest = soonest < 0 ? ms : std::min(soonest, ms);
        }
    }
    if (soonest < 0) {
        m_expiryTimer.stop();
        return;
    }
    // One millisecond late, so the share is expired by the time the timer looks.
    m_expiryTimer.start(
        std::min<qint64>(soonest + 1, std::chrono::milliseconds(longestExpiryWait).count()));
}

void ShareRegistry::handleExpiryTimer()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Share &share : std::as_const(m_shares)) {
        const QDateTime expiry = ShareRules::expiresAt(share.policies);
        if (expiry.isValid() && expiry > m_expiriesSeenUntil && expiry <= now) {
            const QByteArray token = share.token;
            emitShareChanged(token);
            SignalDeferral::emitOrDefer(this, [this, token] {
                if (find(token))
                    Q_EMIT shareExpired(token);
            });
        }
    }
    m_expiriesSeenUntil = now;
    scheduleExpiry();
}

bool ShareRegistry::setPassword(const QByteArray &token, const QString &password)
{
    Share *share = findMutable(token);
    if (!share)
        return false;
    share->password = StoredPassword::of(password);
    // Saved with the share's other rules, so a restart keeps the share protected.
    if (share->password.isSet())
        share->policies.insert(passwordPolicy, share->password.toJson());
    else
        share->policies.remove(passwordPolicy);
    emitShareChanged(token);
    return true;
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

// What a look at a share's file found, on a worker.
struct ShareRegistry::CheckAnswer
{
    Share::Clock::time_point startedAt;
    BlobIdentity identity;
    bool shareable = false;
    QString mimeType; // looked up again when the path names another inode
    bool openTried = false;
    std::shared_ptr<const OpenFile> file; // opened by this look
    bool folderReplaced = false; // a shared folder's path names another folder
};

QString ShareRegistry::folderOf(const Share &share)
{
    return QFileInfo(share.path).path(); // from the string alone: no file system access
}

void ShareRegistry::markStale(const std::function<bool(const Share &)> &affected)
{
    const auto now = Share::Clock::now();
    for (Share &share : m_shares) {
        if (affected(share)) {
            share.staleSince = now;
            requestCheck(share.token);
        }
    }
}

ShareRegistry::Look ShareRegistry::look(const QByteArray &token, bool wantsFile)
{
    Share *share = findMutable(token);
    if (!share)
        return {};
    const auto now = Share::Clock::now();
    if (share->status == Share::Status::NotResponding) {
        requestCheck(token);
        return {Look::Outcome::NotResponding, {}, {}};
    }
    const bool confirmed
        = share->confirmedAt > share->staleSince && now - share->confirmedAt < confirmationLifetime;
    if (!confirmed) {
        share->fileWanted |= wantsFile;
        requestCheck(token);
        return {Look::Outcome::Wait, {}, {}};
    }
    if (share->status == Share::Status::Missing)
        return {};
    if (wantsFile && !share->archive && !share->file && !share->openFailed) {
        share->fileWanted = true;
        requestCheck(token);
        return {Look::Outcome::Wait, {}, {}};
    }
    if (now - share->confirmedAt >= recheckInterval)
        requestCheck(token); // answered in the background: this request does not wait
    return {Look::Outcome::Ready, share->currentIdentity, wantsFile ? share->file : nullptr};
}

void ShareRegistry::requestCheck(const QByteArray &token)
{
    if (Share *share = findMutable(token); share && !share->checking)
        startCheck(*share);
}

void ShareRegistry::startCheck(Share &share)
{
    share.checking = true;
    share.checkStartedAt = Share::Clock::now();
    auto answer = std::make_shared<CheckAnswer>();
    answer->startedAt = share.checkStartedAt;
    const QString path = share.path;
    const QByteArray encodedPath = share.encodedPath;
    const BlobIdentity previous = share.currentIdentity;
    const bool wasMissing = share.status == Share::Status::Missing;
    const bool openWanted = share.fileWanted;
    std::shared_ptr<const OpenFile> file = share.file;
    const QByteArray token = share.token;
    const bool isFolder = bool(share.archive);
    const BlobIdentity shared = share.sharedIdentity;
    m_workers.run(
        share.sharedIdentity.device,
        [=] {
            const BlobIdentity now = BlobIdentity::ofEncodedPath(encodedPath);
            if (isFolder) {
                // The archive is the snapshot's: a look only sees whether its folder is still
                // there (members are checked as downloads read them).
                answer->shareable = now.exists && S_ISDIR(now.mode);
                answer->identity = answer->shareable ? shared : BlobIdentity();
                answer->folderReplaced = answer->shareable
                    && (now.inode != shared.inode || now.device != shared.device);
                return;
            }
            answer->identity = now;
            // Permissions change the inode's ctime: while it stands still, the last access(2)
            // verdict holds, and a look costs one stat(2).
            const bool unchanged = !wasMissing && now.exists && now.inode == previous.inode
                && now.ctimeNs == previous.ctimeNs;
            answer->shareable = unchanged || whyNotShareable(path, now).isEmpty();
            if (!answer->shareable)
                return;
            if (now.inode != previous.inode)
                answer->mimeType = detectMimeType(path);
            if (openWanted && !(file && file->isVersion(now))) {
                bool changed = false;
                answer->openTried = true;
                answer->file = OpenFile::open(encodedPath, now, &changed);
            }
        },
        this, [this, token, answer] { applyCheck(token, *answer); });
    QTimer::singleShot(notRespondingAfter, this, [this, token, started = share.checkStartedAt] {
        markNotResponding(token, started);
    });
}

void ShareRegistry::markNotResponding(const QByteArray &token,
                                      Share::Clock::time_point checkStartedAt)
{
    Share *share = findMutable(token);
    if (!share || !share->checking || share->checkStartedAt != checkStartedAt
        || share->status == Share::Status::NotResponding)
        return;
    qCInfo(lcShares, "%s does not respond", qPrintable(share->path));
    share->status = Share::Status::NotResponding;
    emitShareChanged(token);
    Q_EMIT shareChecked(token);
}

void ShareRegistry::applyCheck(const QByteArray &token, const CheckAnswer &answer)
{
    Share *share = findMutable(token);
    if (!share)
        return;
    share->checking = false;
    const BlobIdentity &now = answer.identity;
    Share::Status status = Share::Status::Available;
    if (!answer.shareable)
        status = Share::Status::Missing;
    else if (!now.sameFileAndContent(share->sharedIdentity))
        status = Share::Status::Changed;
    if (share->archive && answer.folderReplaced)
        share->archive->changed = true;
    if (status == Share::Status::Available && share->archive && share->archive->changed)
        status = Share::Status::Changed;

    const bool differs = status != share->status
        || (status != Share::Status::Missing && !now.sameFileAndContent(share->currentIdentity));
    if (status != Share::Status::Missing) {
        if (!answer.mimeType.isEmpty())
            share->setMimeType(answer.mimeType);
        share->setCurrentIdentity(now); // also a new ctime (say, chmod that still allows reading)
    }
    if (status != Share::Status::Missing && share->status == Share::Status::Missing)
        m_watcher.addPath(share->path); // back: its own changes are watched again
    share->status = status;
    if (status == Share::Status::Missing) {
        share->file.reset(); // gone or unreadable: not held open for requests any more
        if (!m_missingRecheck.isActive())
            m_missingRecheck.start();
        m_hasher.cancel(token);
    } else {
        if (answer.file && answer.file->isVersion(share->currentIdentity))
            share->file = answer.file;
        hashCurrentVersion(*share);
    }
    if (answer.openTried)
        share->openFailed = !answer.file;
    else if (differs)
        share->openFailed = false;
    share->confirmedAt = answer.startedAt;
    if (differs)
        emitShareChanged(token);
    // A change seen while this look was out may have come after it: look once more.
    if (answer.startedAt <= share->staleSince)
        startCheck(*share);
    Q_EMIT shareChecked(token);
}

void ShareRegistry::hashCurrentVersion(Share &share)
{
    // A folder's archive is made on the fly: its members get CRC-32s, the archive no SHA-256.
    if (share.archive)
        return;
    // A version already read (with or without a digest) or being read is not read again.
    if (share.hashedIdentity.sameFileAndContent(share.currentIdentity)
        || m_hasher.isHashing(share.token, share.currentIdentity))
        return;
    // A changed file loses its digest at once: it describes bytes no longer served.
    share.sha256.clear();
    share.hashedIdentity = {};
    share.hashedBytes = 0;
    m_hasher.start(share.token, share.encodedPath, share.currentIdentity);
}

void ShareRegistry::applyHash(const QByteArray &token, const BlobIdentity &identity,
                              const QByteArray &sha256)
{
    Share *share = findMutable(token);
    if (!share || !identity.sameFileAndContent(share->currentIdentity))
        return; // an older version: the current one is being hashed
    share->sha256 = sha256;
    share->hashedIdentity = identity;
    share->hashedBytes = identity.size;
    qCInfo(lcShares, "%s: sha256 %s", qPrintable(share->path), sha256.toHex().constData());
    emitShareChanged(token);
}

void ShareRegistry::recordCompletedDownload(const QByteArray &token)
{
    if (Share *share = findMutable(token)) {
        ++share->completedDownloads;
        emitShareChanged(token);
    }
}

void ShareRegistry::recordDownloadClient(const QByteArray &token, const QByteArray &client,
                                         const DownloadRecord &record)
{
    Share *share = findMutable(token);
    if (!share)
        return;
    const auto existing = share->downloadClients.constFind(client);
    if (existing != share->downloadClients.constEnd() && *existing == record)
        return;
    share->downloadClients.insert(client, record);
    emitShareChanged(token); // saved shortly after
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
