#include "blobidentity.h"

#include <sys/stat.h>
#include <unistd.h>

#include <QFile>

namespace Sluice {
namespace {

BlobIdentity fromStat(const struct stat &st)
{
    BlobIdentity identity;
    identity.exists = true;
    identity.isRegularFile = S_ISREG(st.st_mode);
    identity.device = quint64(st.st_dev);
    identity.inode = quint64(st.st_ino);
    identity.size = qint64(st.st_size);
    identity.mtimeNs = qint64(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    identity.ctimeNs = qint64(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
    identity.mode = quint32(st.st_mode);
    return identity;
}

} // namespace

BlobIdentity BlobIdentity::ofPath(const QString &path)
{
    return ofEncodedPath(QFile::encodeName(path));
}

BlobIdentity BlobIdentity::ofEncodedPath(const QByteArray &path)
{
    struct stat st = {};
    if (::stat(path.constData(), &st) != 0)
        return {};
    return fromStat(st);
}

BlobIdentity BlobIdentity::ofDescriptor(int fd)
{
    struct stat st = {};
    if (::fstat(fd, &st) != 0)
        return {};
    return fromStat(st);
}

bool BlobIdentity::permitsReading(const QByteArray &encodedPath, const BlobIdentity &identity)
{
    return (identity.mode & (S_IRUSR | S_IRGRP | S_IROTH)) != 0
        && ::access(encodedPath.constData(), R_OK) == 0;
}

QByteArray BlobIdentity::etag() const
{
    return '"' + QByteArray::number(inode, 16) + '-' + QByteArray::number(size, 16) + '-'
        + QByteArray::number(mtimeNs, 16) + '"';
}

QDateTime BlobIdentity::lastModified() const
{
    return QDateTime::fromSecsSinceEpoch(mtimeNs / 1'000'000'000, Qt::UTC);
}

} // namespace Sluice
