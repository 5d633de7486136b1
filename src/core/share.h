#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "blobidentity.h"

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
    QString name; // file name offered to clients
    QString mimeType;
    QByteArray contentDisposition; // the header value for `name`, built once
    BlobIdentity sharedIdentity; // as it was when shared
    BlobIdentity currentIdentity; // as last seen
    // Response headers for currentIdentity, formatted when it changes rather than per request.
    QByteArray etag;
    QByteArray lastModified;
    Status status = Status::Available;
    int completedDownloads = 0;
    QDateTime sharedAt;

    // The absolute path after the host: "/<token>/<percent-encoded name>".
    QByteArray linkPath() const;
    void setCurrentIdentity(const BlobIdentity &identity);
};

} // namespace Sluice
