#include "filemapping.h"

#include <deque>
#include <sys/mman.h>
#include <utility>

#include <QCoreApplication>
#include <QTimer>

namespace Sluice {
namespace {

// Unmapping a large mapping whose pages were all touched costs the kernel about 20 ms per GiB
// (page tables, TLB shootdowns): done at once, that stalls the event loop. It goes in slices
// instead, one per event-loop pass.
constexpr std::size_t unmapSlice = 64 * 1024 * 1024;

std::deque<std::pair<char *, std::size_t>> &pendingUnmaps()
{
    static std::deque<std::pair<char *, std::size_t>> regions;
    return regions;
}

void unmapNextSlice()
{
    auto &regions = pendingUnmaps();
    if (regions.empty())
        return;
    auto &[data, size] = regions.front();
    const std::size_t slice = std::min(size, unmapSlice);
    ::munmap(data, slice);
    data += slice;
    size -= slice;
    if (size == 0)
        regions.pop_front();
    if (!regions.empty())
        QTimer::singleShot(0, QCoreApplication::instance(), &unmapNextSlice);
}

void unmapSoon(char *data, std::size_t size)
{
    if (size <= unmapSlice || !QCoreApplication::instance()) {
        ::munmap(data, size);
        return;
    }
    const bool idle = pendingUnmaps().empty();
    pendingUnmaps().emplace_back(data, size);
    if (idle)
        unmapNextSlice();
}

} // namespace

FileMapping::FileMapping(const char *data, qint64 size)
    : m_data(data)
    , m_size(size)
{
}

FileMapping::~FileMapping()
{
    unmapSoon(const_cast<char *>(m_data), std::size_t(m_size));
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
