#include "chunkjob.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace Sluice {
namespace {

// Reads that only warm the page cache go through this much of a reused buffer at a time.
constexpr qint64 warmingStep = 1024 * 1024;

} // namespace

void ChunkJob::fail(Transfer::Error why, EndReason::Kind kind, const QString &systemMessage)
{
    error = why;
    reason = {kind, {}, systemMessage};
}

void ChunkJob::run()
{
    if (checkIdentity && !check())
        return;
    if (length == 0)
        return;
    if (!file && !open())
        return;
    if (intoBuffer) {
        buffer.resize(length); // keeps its capacity: the reader hands the same buffer back
        if (read(buffer.data(), offset, length) && checkAfterRead)
            check();
        return;
    }
    // The chunk after this one is asked for now, so the disk reads it while this one is sent:
    // without it a cold download alternates between reading and sending.
    ::posix_fadvise(file->descriptor(), off_t(offset + length), off_t(length), POSIX_FADV_WILLNEED);
    if (mapping && mapping->isResident(offset, length))
        return;
    // Read and thrown away: the pages stay in the page cache, where the event loop sends
    // them from the mapping.
    thread_local std::vector<char> scratch(warmingStep);
    for (qint64 done = 0; done < length;) {
        const qint64 step = std::min(warmingStep, length - done);
        if (!read(scratch.data(), offset + done, step))
            return;
        done += step;
    }
}

bool ChunkJob::check()
{
    // One stat(2) per chunk: cheap next to the chunk's copy, and it catches a file that was
    // deleted, replaced or rewritten even though our descriptor still reads the old inode.
    const BlobIdentity now = BlobIdentity::ofEncodedPath(encodedPath);
    if (!now.exists) {
        fail(Transfer::Error::FileRemoved, EndReason::Kind::FileRemoved);
        return false;
    }
    if (now.inode != expected.inode || now.device != expected.device) {
        fail(Transfer::Error::FileChanged, EndReason::Kind::FileReplaced);
        return false;
    }
    if (now.size < expected.size) {
        fail(Transfer::Error::FileTruncated, EndReason::Kind::FileTruncated);
        return false;
    }
    if (now.size != expected.size || now.mtimeNs != expected.mtimeNs) {
        fail(Transfer::Error::FileChanged, EndReason::Kind::FileModified);
        return false;
    }
    if (now.ctimeNs != expected.ctimeNs) {
        // Permissions changed (or another attribute): ask once per change, not per chunk.
        if (!BlobIdentity::permitsReading(encodedPath, now)) {
            fail(Transfer::Error::FileUnreadable, EndReason::Kind::FileUnreadable);
            return false;
        }
        expected.ctimeNs = now.ctimeNs;
    }
    return true;
}

bool ChunkJob::open()
{
    bool changed = false;
    file = OpenFile::open(encodedPath, expected, &changed);
    if (changed)
        fail(Transfer::Error::FileChanged, EndReason::Kind::FileReplaced);
    else if (!file)
        fail(Transfer::Error::ReadFailed, EndReason::Kind::ReadFailed,
             QString::fromLocal8Bit(std::strerror(errno)));
    return error == Transfer::Error::None;
}

bool ChunkJob::read(char *into, qint64 at, qint64 bytes)
{
    qint64 done = 0;
    while (done < bytes) {
        const ssize_t n
            = ::pread(file->descriptor(), into + done, size_t(bytes - done), off_t(at + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail(Transfer::Error::ReadFailed, EndReason::Kind::ReadFailed,
                 QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (n == 0) {
            fail(Transfer::Error::FileTruncated, EndReason::Kind::FileTruncated);
            return false;
        }
        done += n;
    }
    return true;
}

} // namespace Sluice
