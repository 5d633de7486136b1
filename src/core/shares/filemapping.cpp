#include "filemapping.h"

#include <algorithm>
#include <deque>
#include <unistd.h>
#include <vector>
#include <sys/mman.h>
#include <utility>

#include <QCoreApplication>
#include <QThread>
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
    // The slices are the event loop's; a mapping released elsewhere (a file worker dropping an
    // answer at exit) goes at once.
    QCoreApplication *app = QCoreApplication::instance();
    if (size <= unmapSlice || !app || QThread::currentThread() != app->thread()) {
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
    // No readahead from faults: file workers read each chunk before the loop sends it, and a
    // fault that starts I/O would queue it from the event loop.
    ::madvise(data, size_t(size), MADV_RANDOM);
    return std::shared_ptr<const FileMapping>(
        new FileMapping(static_cast<const char *>(data), size));
}

bool FileMapping::isResident(qint64 offset, qint64 length) const
{
    static const qint64 pageSize = ::sysconf(_SC_PAGESIZE);
    if (length <= 0)
        return true;
    const qint64 first = offset / pageSize * pageSize;
    const qint64 end = std::min(offset + length, m_size);
    const auto pages = std::size_t((end - first + pageSize - 1) / pageSize);
    // One byte per page; reused, as this runs for every chunk.
    thread_local std::vector<unsigned char> residency;
    residency.resize(pages);
    if (::mincore(const_cast<char *>(m_data) + first, std::size_t(end - first), residency.data())
        != 0)
        return false;
    return std::all_of(residency.begin(), residency.end(),
                       [](unsigned char page) { return (page & 1) != 0; });
}

} // namespace Sluice
