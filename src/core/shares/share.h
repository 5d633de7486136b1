#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>

#include "blobidentity.h"
#include "openfile.h"

namespace Sluice {

struct Share
{
    enum class Status {
        Available, // the file is as it was when shared
        Changed, // still there, but its size, time or identity changed since it was shared
        Missing, // gone or no longer a readable regular file
    };

    QByteArray token; // URL-safe, unguessable; identifies the share in links
    QString path; // absolute path of the file
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
    QDateTime sharedAt;

    // The absolute path after the host: "/<token>/<percent-encoded name>".
    QByteArray linkPath() const;
    void setCurrentIdentity(const BlobIdentity &identity);
    void setMimeType(const QString &type);
};

} // namespace Sluice
