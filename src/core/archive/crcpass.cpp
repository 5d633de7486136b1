#include "crcpass.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include <zlib.h>

#include <QCoreApplication>

namespace Sluice {
namespace {

constexpr qint64 readStep = 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("CrcPass", text);
}

bool sameVersion(const BlobIdentity &now, const BlobIdentity &snapshot)
{
    return now.sameFileAndContent(snapshot);
}

// The CRC of a member as it was snapshotted; an error text when it is not that version any more
// (or cannot be read).
QString crcOf(const ArchiveEntry &entry, quint32 *crc)
{
    const int fd = ::open(entry.encodedPath.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    struct Closer
    {
        int fd;
        ~Closer() { ::close(fd); }
    } closer {fd};
    if (!sameVersion(BlobIdentity::ofDescriptor(fd), entry.identity))
        return tr("modified since it was shared");
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    thread_local std::vector<char> buffer(readStep);
    quint32 value = quint32(::crc32(0, nullptr, 0));
    for (qint64 offset = 0; offset < entry.identity.size;) {
        const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return QString::fromLocal8Bit(std::strerror(errno));
        if (n == 0)
            return tr("truncated since it was shared");
        value = quint32(::crc32(value, reinterpret_cast<const Bytef *>(buffer.data()), uInt(n)));
        offset += n;
    }
    // Read to the end of the snapshot's size, and still that version: the bytes were its.
    if (!sameVersion(BlobIdentity::ofEncodedPath(entry.encodedPath), entry.identity))
        return tr("modified since it was shared");
    *crc = value;
    return {};
}

} // namespace

CrcPassBatch CrcPassBatch::run(const ZipLayout &layout, CrcTable &crcs, qsizetype first)
{
    CrcPassBatch batch;
    qint64 bytes = 0;
    int members = 0;
    qsizetype index = first;
    for (; index < layout.entryCount() && bytes < batchBytes && members < batchMembers; ++index) {
        if (crcs.crc(index))
            continue;
        const ArchiveEntry &entry = layout.entry(index);
        quint32 crc = 0;
        const QString error = crcOf(entry, &crc);
        if (!error.isEmpty()) {
            // The share is marked changed (sharing the folder again takes a new snapshot);
            // the other members still get their CRCs.
            if (batch.changed.isEmpty())
                batch.changed = QString::fromUtf8(entry.name) + QStringLiteral(": ") + error;
            continue;
        }
        crcs.setCrc(index, crc);
        bytes += entry.size();
        ++members;
    }
    batch.next = index;
    return batch;
}

} // namespace Sluice
