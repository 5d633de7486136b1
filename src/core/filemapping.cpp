#include "filemapping.h"

#include <sys/mman.h>

namespace Sluice {

FileMapping::FileMapping(const char *data, qint64 size)
    : m_data(data)
    , m_size(size)
{
}

FileMapping::~FileMapping()
{
    ::munmap(const_cast<char *>(m_data), size_t(m_size));
}

std::shared_ptr<const FileMapping> FileMapping::map(int fd, qint64 size)
{
    if (size <= 0)
        return nullptr;
    void *data = ::mmap(nullptr, size_t(size), PROT_READ, MAP_SHARED, fd, 0);
    if (data == MAP_FAILED)
        return nullptr;
    ::madvise(data, size_t(size), MADV_SEQUENTIAL);
    return std::shared_ptr<const FileMapping>(
        new FileMapping(static_cast<const char *>(data), size));
}

} // namespace Sluice
