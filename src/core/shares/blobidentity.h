#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "conditional.h"

namespace Sluice {

// What a file is at one moment: enough to notice that it vanished, shrank or was replaced.
struct BlobIdentity
{
    bool exists = false;
    bool isRegularFile = false;
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0; // changes with permissions too
    quint32 mode = 0;

    // stat(2) on the path; follows symbolic links.
    static BlobIdentity ofPath(const QString &path);
    static BlobIdentity ofEncodedPath(const QByteArray &path); // as QFile::encodeName gives it
    // fstat(2) on an open descriptor.
    static BlobIdentity ofDescriptor(int fd);

    bool sameFileAndContent(const BlobIdentity &other) const
    {
        return exists && other.exists && device == other.device && inode == other.inode
            && size == other.size && mtimeNs == other.mtimeNs;
    }
    // Whether the owner still lets the file be read: access(2), and at least one read bit even
    // for root, so "chmod a-r" withdraws a file from a server running as root too.
    static bool permitsReading(const QByteArray &encodedPath, const BlobIdentity &identity);

    // Strong ETag from identity, size and modification time; never from the content.
    QByteArray etag() const;
    QDateTime lastModified() const; // whole seconds, UTC
    Validators validators() const { return {etag(), lastModified()}; }
};

} // namespace Sluice
