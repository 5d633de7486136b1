#pragma once

#include <chrono>
#include <memory>

#include <QByteArray>

#include "blobidentity.h"
#include "filemapping.h"

namespace Sluice {

// One version of a shared file (device, inode, size, modification time), open for reading. The
// share keeps its current version open, so requests cost a stat(2) of the path per look (to notice a
// replaced or rewritten file) and a read, not an open, fstat and close; transfers still sending
// an older version keep theirs. Opened by a file worker (the open may wait on the disk);
// mapping() is for the event-loop thread only.
class OpenFile : public std::enable_shared_from_this<OpenFile>
{
public:
    // Opens the file at `encodedPath` (as QFile::encodeName gives it) when it still is the
    // version `expected` describes; null otherwise, with `*changed` set when it is another file
    // or version rather than unreadable or gone.
    static std::shared_ptr<const OpenFile> open(const QByteArray &encodedPath,
                                                const BlobIdentity &expected, bool *changed);
    ~OpenFile();
    OpenFile(const OpenFile &) = delete;
    OpenFile &operator=(const OpenFile &) = delete;

    int descriptor() const { return m_fd; }
    bool isVersion(const BlobIdentity &identity) const
    {
        return m_identity.sameFileAndContent(identity);
    }
    // The whole file mapped read-only, shared by the transfers that hold it; null when the file
    // cannot be mapped. The mapping outlives its last user by a few seconds, so a burst of short
    // downloads maps and faults the file once rather than once each (mmap, page faults, munmap
    // and its TLB shootdown cost more than copying a megabyte).
    std::shared_ptr<const FileMapping> mapping() const;

private:
    OpenFile(int fd, const BlobIdentity &identity);
    void releaseMappingWhenIdle() const;

    int m_fd;
    BlobIdentity m_identity;
    mutable std::shared_ptr<const FileMapping> m_mapping;
    mutable std::chrono::steady_clock::time_point m_mappingLastWanted;
};

} // namespace Sluice
