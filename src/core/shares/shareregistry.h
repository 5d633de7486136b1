#pragma once

#include <functional>
#include <optional>

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QTimer>

#include "fileworkers.h"
#include "hashcache.h"
#include "share.h"
#include "sharestatefile.h"
#include "sharehasher.h"

namespace Sluice {

// The files on offer, keyed by token. Paths never map to the file system beyond this table.
class ShareRegistry : public QObject
{
    Q_OBJECT
public:
    // `hashCachePath`: where SHA-256s of versions already read are kept (empty: in memory).
    explicit ShareRegistry(QObject *parent = nullptr,
                           const QString &hashCachePath = HashCache::defaultPath());

    struct AddResult
    {
        QByteArray token; // empty on failure
        QString error; // why the file cannot be shared
    };
    // Shares a readable regular file, or a folder as one ZIP archive of its snapshot (see
    // addFolder). Sharing the same path again returns the existing token; a folder that changed
    // since its snapshot gets a new snapshot under that token.
    AddResult addFile(const QString &path);
    // Offers a share saved by an earlier run under its old token. The file is not looked at here
    // (its mount may hang at start): a worker's first look marks it available, changed or
    // missing, and a missing file is served again once it is back. False when the token or the
    // path is already shared.
    bool restore(const SavedShare &saved);
    // Takes a snapshot of the folder and shares it as "<name>.zip"; the CRC-32 of its members
    // are computed in the background (see CrcPassBatch). Refused when nothing in it can be read
    // or the archive would be beyond ZIP64's limits.
    AddResult addFolder(const QString &path);
    // A download found a member of the folder's archive changed since the snapshot.
    void reportArchiveChanged(const QByteArray &token, const QString &why);
    bool remove(const QByteArray &token);
    // An empty password removes it. Kept as a PBKDF2 hash only; a new one ends the old one's
    // tickets.
    bool setPassword(const QByteArray &token, const QString &password);
    // When the share's links stop working (invalid: never). A time already past expires it
    // now; a later one renews it. Running transfers are not affected.
    bool setExpiry(const QByteArray &token, const QDateTime &when);
    // Completed downloads allowed (0: no cap); see DownloadCounter for what counts.
    bool setMaxDownloads(const QByteArray &token, int count);
    // Sets the expiry and the cap that `rules` name (ShareRules' form); leaves the others.
    bool applyRules(const QByteArray &token, const QJsonObject &rules);

    const Share *find(QByteArrayView token) const;
    QList<Share> shares() const { return m_shares; }
    int count() const { return int(m_shares.size()); }

    // What a request may rely on. The event loop never stats or opens a shared file (its mount
    // may hang): a file worker looks at it, and requests use the identity its last look found
    // while that look is recent (confirmationLifetime) and the watcher saw no change since.
    // Requests that come while it is older wait for the next look (Wait; shareChecked() says
    // when to ask again); looks that take longer than notRespondingAfter mark the share
    // NotResponding until they answer, and its requests get 503. Busy shares are looked at
    // again every recheckInterval in the background, so their requests do not wait: all the
    // requests between two looks share one, as a busy server's keep-alive clients send dozens
    // per pass. The share's current version is opened by a look once a body is wanted, and
    // kept open while it stays current.
    struct Look
    {
        enum class Outcome { Ready, Wait, NotResponding } outcome = Outcome::Ready;
        BlobIdentity identity; // !exists: missing
        std::shared_ptr<const OpenFile> file; // when wanted; null if it could not be opened
    };
    Look look(const QByteArray &token, bool wantsFile);
    // Starts a look at the file unless one is out; its answer updates status, identity and type,
    // and signals a difference.
    void requestCheck(const QByteArray &token);
    static constexpr auto confirmationLifetime = std::chrono::milliseconds(250);
    static constexpr auto recheckInterval = std::chrono::milliseconds(20);
    static constexpr auto notRespondingAfter = std::chrono::milliseconds(2'000);
    // Missing files are looked for this often, for folders the watcher cannot watch (an
    // unmounted drive).
    static constexpr auto missingRecheckInterval = std::chrono::milliseconds(5'000);
    void recordCompletedDownload(const QByteArray &token);
    // What a client has been delivered of the share, kept with it (see DownloadCounter).
    void recordDownloadClient(const QByteArray &token, const QByteArray &client,
                              const DownloadRecord &record);
    // The threads that stat, open and read shared files, off the event loop.
    FileWorkers &workers() { return m_workers; }

Q_SIGNALS:
    // Adding and removing never happen in a pump pass and are signalled at once.
    void shareAdded(const QByteArray &token);
    void shareAboutToBeRemoved(const QByteArray &token);
    void shareRemoved(const QByteArray &token);
    // Raised while a pump pass runs (requests refresh shares, completions count), this arrives
    // from the event loop after it, in order, and only while the share still exists.
    void shareChanged(const QByteArray &token);
    // A look at the share's file answered, or was declared not responding: waiting requests
    // ask again.
    void shareChecked(const QByteArray &token);
    // The share's expiry time has come (shareChanged is raised too).
    void shareExpired(const QByteArray &token);

private:
    FileWorkers m_workers;
    ShareHasher m_hasher;
    struct CheckAnswer;
    Share *findMutable(QByteArrayView token);
    // Queued while a pump pass runs (the responder refreshes shares while it answers).
    void emitShareChanged(const QByteArray &token);
    static QString folderOf(const Share &share);
    // A watcher saw a change: earlier looks at the affected shares no longer count.
    void markStale(const std::function<bool(const Share &)> &affected);
    void startCheck(Share &share);
    void applyCheck(const QByteArray &token, const CheckAnswer &answer);
    static bool snapshotFolder(const QString &absolute, std::shared_ptr<FolderArchive> *archive,
                               BlobIdentity *identity, QString *error);
    AddResult retakeSnapshot(Share &share);
    // The path is shared already: its token (a changed folder gets a new snapshot first).
    std::optional<AddResult> shareAgain(const QString &absolute);
    void continueCrcPass(const QByteArray &token, qsizetype first);
    void markNotResponding(const QByteArray &token, Share::Clock::time_point checkStartedAt);
    // Starts hashing the current version unless its digest is known or being computed.
    void hashCurrentVersion(Share &share);
    void applyHash(const QByteArray &token, const BlobIdentity &identity, const QByteArray &sha256);
    static QByteArray newToken();
    void watch(const Share &share);
    void recheckMissing();
    // Arms the timer for the next expiry still to come.
    void scheduleExpiry();
    void handleExpiryTimer();

    QList<Share> m_shares;
    // Notices deletion and changes between requests, so the window can mark the share.
    QFileSystemWatcher m_watcher;
    QTimer m_missingRecheck; // runs only while a share is missing
    QTimer m_expiryTimer; // runs only while a share has an expiry to come
    QDateTime m_expiriesSeenUntil; // expiries up to here have been signalled
};

} // namespace Sluice
