#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <memory>

#include "blobidentity.h"
#include "downloadrecord.h"
#include "folderarchive.h"
#include "openfile.h"
#include "storedpassword.h"

namespace Sluice {

struct Share
{
    enum class Status {
        Available, // the file is as it was when shared
        Changed, // still there, but its size, time or identity changed since it was shared
        Missing, // gone or no longer a readable regular file
        NotResponding, // a look at the file has not answered for a while (a hung mount)
    };
    using Clock = std::chrono::steady_clock;

    QByteArray token; // URL-safe, unguessable; identifies the share in links
    QString path; // absolute path of the file, or of the folder
    QByteArray encodedPath; // the path for system calls
    QString name; // file name offered to clients
    QString mimeType;
    QByteArray contentType; // mimeType as a header value
    QByteArray contentDisposition; // the header value for `name`, built once
    BlobIdentity sharedIdentity; // as it was when shared
    BlobIdentity currentIdentity; // as last seen
    // Response headers for currentIdentity, formatted when it changes rather than per request.
    QByteArray etag;
    QByteArray lastModified;
    // currentIdentity's file, open once a body was read from it; closed when the file goes.
    std::shared_ptr<const OpenFile> file;
    Status status = Status::Available;
    int completedDownloads = 0;
    // The clients that began downloading it and what each was delivered, saved with the share.
    DownloadRecords downloadClients;
    StoredPassword password; // not set: anyone with the link gets the file
    // SHA-256 of hashedIdentity's content (32 bytes), once a worker has read all of it (empty
    // when that version changed while it was read); the bytes read so far of the pass under way
    // for currentIdentity.
    QByteArray sha256;
    BlobIdentity hashedIdentity;
    qint64 hashedBytes = 0;
    // Looks at the file run on a file worker (see ShareRegistry::look).
    Clock::time_point confirmedAt; // when the look that gave currentIdentity started
    Clock::time_point staleSince; // the watcher saw a change: earlier looks no longer count
    Clock::time_point checkStartedAt; // of the look out now, if `checking`
    bool checking = false;
    bool fileWanted = false; // a body was asked for: looks open the file too
    bool openFailed = false; // the last look could not open it
    QDateTime sharedAt;
    // Per-share rules (expiry, download caps, a password hash), saved with the share.
    QJsonObject policies;
    // A shared folder, served as one ZIP archive of its snapshot; null for a file. Its
    // identities describe the archive: the folder's device and inode, the archive's size and
    // the newest member's modification time.
    std::shared_ptr<FolderArchive> archive;

    // The absolute path after the host: "/<token>/<percent-encoded name>".
    QByteArray linkPath() const;
    void setCurrentIdentity(const BlobIdentity &identity);
    // The digest describes exactly this version: another version never gets it.
    bool hasSha256For(const BlobIdentity &identity) const
    {
        return !sha256.isEmpty() && hashedIdentity.sameFileAndContent(identity);
    }
    void setMimeType(const QString &type);
};

} // namespace Sluice
