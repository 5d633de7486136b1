#pragma once

#include <memory>

#include <QByteArray>

#include "blobidentity.h"

namespace Sluice {

// A read-only mapping of one version of a file (device, inode, size, modification time), shared
// by every transfer sending it: a burst of clients costs one open and one mmap, and page-table
// entries are filled once. The mapping goes when its last user lets go. Event-loop thread only.
class FileMapping
{
public:
    // The live mapping of that version, or a new one when the file at `encodedPath` still is
    // that version; null when it is not (then `*changed` is set) or cannot be mapped.
    static std::shared_ptr<const FileMapping> acquire(const QByteArray &encodedPath,
                                                      const BlobIdentity &expected, bool *changed);
    ~FileMapping();
    FileMapping(const FileMapping &) = delete;
    FileMapping &operator=(const FileMapping &) = delete;

    const char *data() const { return m_data; }
    qint64 size() const { return m_size; }

private:
    FileMapping(const char *data, qint64 size, const BlobIdentity &identity);

    const char *m_data;
    qint64 m_size;
    BlobIdentity m_identity;
};

} // namespace Sluice
