#include "archivechunkjob.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <zlib.h>

namespace Sluice {

void ArchiveChunkJob::fail(Transfer::Error why, EndReason::Kind kind, const QString &member,
                           const QString &systemMessage)
{
    error = why;
    reason = {kind, member, systemMessage};
}

void ArchiveChunkJob::run()
{
    buffer.resize(length);
    char *out = buffer.data();
    const qint64 end = offset + length;
    for (qint64 at = offset; at < end;) {
        const ZipLayout::Span span = layout->spanAt(at);
        const qint64 bytes = std::min(span.end(), end) - at;
        if (span.kind == ZipLayout::Span::Kind::FileData) {
            if (!readMember(span.entry, at - span.start, out, bytes))
                return;
        } else if (!layout->writeGenerated(span, at, bytes, out, *crcs)) {
            // The responder serves ranges only when their CRCs are known, and a whole
            // archive reads each member before its descriptor: this is a bug, not the disk.
            fail(Transfer::Error::ReadFailed, EndReason::Kind::ChecksumUnknown,
                 QString::fromUtf8(layout->entry(span.entry).name));
            return;
        }
        at += bytes;
        out += bytes;
        made = at - offset;
    }
}

bool ArchiveChunkJob::openMember(qsizetype entry)
{
    const ArchiveEntry &target = layout->entry(entry);
    member = {};
    member.entry = entry;
    bool changed = false;
    member.file = OpenFile::open(target.encodedPath, target.identity, &changed);
    if (member.file)
        return true;
    const QString name = QString::fromUtf8(target.name);
    if (changed)
        fail(Transfer::Error::FileChanged, EndReason::Kind::FileModified, name);
    else if (errno == ENOENT)
        fail(Transfer::Error::FileRemoved, EndReason::Kind::FileRemoved, name);
    else
        fail(Transfer::Error::ReadFailed, EndReason::Kind::ReadFailed, name,
             QString::fromLocal8Bit(std::strerror(errno)));
    return false;
}

bool ArchiveChunkJob::checkMember(qsizetype entry)
{
    // After the copy: the bytes read are the snapshot's only if the path still names the same
    // file, with the same size and modification time.
    const ArchiveEntry &target = layout->entry(entry);
    const BlobIdentity now = BlobIdentity::ofEncodedPath(target.encodedPath);
    const QString name = QString::fromUtf8(target.name);
    if (!now.exists)
        fail(Transfer::Error::FileRemoved, EndReason::Kind::FileRemoved, name);
    else if (now.inode != target.identity.inode || now.device != target.identity.device)
        fail(Transfer::Error::FileChanged, EndReason::Kind::FileReplaced, name);
    else if (now.size < target.identity.size)
        fail(Transfer::Error::FileTruncated, EndReason::Kind::FileTruncated, name);
    else if (now.size != target.identity.size || now.mtimeNs != target.identity.mtimeNs)
        fail(Transfer::Error::FileChanged, EndReason::Kind::FileModified, name);
    return error == Transfer::Error::None;
}

bool ArchiveChunkJob::readMember(qsizetype entry, qint64 offsetInFile, char *into, qint64 bytes)
{
    if (member.entry != entry && !openMember(entry))
        return false;
    for (qint64 done = 0; done < bytes;) {
        const ssize_t n = ::pread(member.file->descriptor(), into + done, size_t(bytes - done),
                                  off_t(offsetInFile + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail(Transfer::Error::ReadFailed, EndReason::Kind::ReadFailed,
                 QString::fromUtf8(layout->entry(entry).name),
                 QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (n == 0) {
            fail(Transfer::Error::FileTruncated, EndReason::Kind::FileTruncated,
                 QString::fromUtf8(layout->entry(entry).name));
            return false;
        }
        done += n;
    }
    if (!checkMember(entry))
        return false;
    if (crcs->crc(entry))
        return true;
    if (member.crcBytes == offsetInFile) {
        member.crc
            = quint32(::crc32(member.crc, reinterpret_cast<const Bytef *>(into), uInt(bytes)));
        member.crcBytes += bytes;
        if (member.crcBytes == layout->entry(entry).size())
            crcs->setCrc(entry, member.crc);
    }
    return true;
}

} // namespace Sluice
