#include "openfile.h"

#include <fcntl.h>
#include <unistd.h>

namespace Sluice {

OpenFile::OpenFile(int fd, const BlobIdentity &identity)
    : m_fd(fd)
    , m_identity(identity)
{
}

OpenFile::~OpenFile()
{
    ::close(m_fd);
}

std::shared_ptr<const OpenFile> OpenFile::open(const QByteArray &encodedPath,
                                               const BlobIdentity &expected, bool *changed)
{
    *changed = false;
    const int fd = ::open(encodedPath.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    // The path may name another file or version than the one `expected` was taken from.
    if (!BlobIdentity::ofDescriptor(fd).sameFileAndContent(expected)) {
        ::close(fd);
        *changed = true;
        return nullptr;
    }
    return std::shared_ptr<const OpenFile>(new OpenFile(fd, expected));
}

std::shared_ptr<const FileMapping> OpenFile::mapping() const
{
    std::shared_ptr<const FileMapping> mapping = m_mapping.lock();
    if (!mapping) {
        mapping = FileMapping::map(m_fd, m_identity.size);
        m_mapping = mapping;
    }
    return mapping;
}

} // namespace Sluice
