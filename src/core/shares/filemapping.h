#pragma once

#include <memory>

#include <QtGlobal>

namespace Sluice {

// A read-only mapping of a whole open file. Transfers of large bodies send from it, so the kernel
// copies each byte once, straight from the page cache into the socket. Shared by every transfer
// of one file version (see OpenFile) and unmapped when the last of them lets go.
class FileMapping
{
public:
    // Null when the file cannot be mapped (empty, or a file system without mmap).
    static std::shared_ptr<const FileMapping> map(int fd, qint64 size);
    ~FileMapping();
    FileMapping(const FileMapping &) = delete;
    FileMapping &operator=(const FileMapping &) = delete;

    const char *data() const { return m_data; }
    qint64 size() const { return m_size; }
    // Whether every page of the range is in the page cache (mincore(2)): then sending it cannot
    // wait on the disk. Costs one system call and no I/O, so the event loop may ask.
    bool isResident(qint64 offset, qint64 length) const;

private:
    FileMapping(const char *data, qint64 size);

    const char *m_data;
    qint64 m_size;
};

} // namespace Sluice
