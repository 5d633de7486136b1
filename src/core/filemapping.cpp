#include "filemapping.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <QHash>
#include <QHashFunctions>

namespace Sluice {
namespace {

struct Version
{
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeNs = 0;
    friend bool operator==(const Version &, const Version &) = default;
};

size_t qHash(const Version &version, size_t seed = 0)
{
    return qHashMulti(seed, version.device, version.inode, version.size, version.mtimeNs);
}

Version versionOf(const BlobIdentity &identity)
{
    return {identity.device, identity.inode, identity.size, identity.mtimeNs};
}

QHash<Version, std::weak_ptr<const FileMapping>> &liveMappings()
{
    static QHash<Version, std::weak_ptr<const FileMapping>> mappings;
    return mappings;
}

} // namespace

FileMapping::FileMapping(const char *data, qint64 size, const BlobIdentity &identity)
    : m_data(data)
    , m_size(size)
    , m_identity(identity)
{
}

FileMapping::~FileMapping()
{
    ::munmap(const_cast<char *>(m_data), size_t(m_size));
    liveMappings().remove(versionOf(m_identity));
}

std::shared_ptr<const FileMapping> FileMapping::acquire(const QByteArray &encodedPath,
                                                        const BlobIdentity &expected, bool *changed)
{
    *changed = false;
    if (expected.size <= 0)
        return nullptr;
    const Version version = versionOf(expected);
    if (std::shared_ptr<const FileMapping> live = liveMappings().value(version).lock())
        return live;

    const int fd = ::open(encodedPath.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    // The identity was taken just now for the response head: comparing the open file's
    // identity with it is enough.
    if (!BlobIdentity::ofDescriptor(fd).sameFileAndContent(expected)) {
        ::close(fd);
        *changed = true;
        return nullptr;
    }
    void *data = ::mmap(nullptr, size_t(expected.size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd); // the mapping keeps the file
    if (data == MAP_FAILED)
        return nullptr;
    ::madvise(data, size_t(expected.size), MADV_SEQUENTIAL);
    std::shared_ptr<const FileMapping> mapping(
        new FileMapping(static_cast<const char *>(data), expected.size, expected));
    liveMappings().insert(version, mapping);
    return mapping;
}

} // namespace Sluice
