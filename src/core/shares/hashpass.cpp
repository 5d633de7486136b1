#include "hashpass.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <zlib.h>

namespace Sluice {
namespace {

constexpr qint64 blockBytes = 1 << 20;

} // namespace

HashPass::HashPass(QByteArray encodedPath, const BlobIdentity &identity, Digests digests)
    : m_encodedPath(std::move(encodedPath))
    , m_identity(identity)
    , m_digests(digests)
    , m_crc32(quint32(::crc32(0, nullptr, 0)))
{
}

HashPass::~HashPass()
{
    close();
}

void HashPass::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

HashPass::Step HashPass::step(qint64 maxBytes)
{
    if (m_fd < 0) {
        m_fd = ::open(m_encodedPath.constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            m_systemError = errno;
            return Step::Failed;
        }
        if (!BlobIdentity::ofDescriptor(m_fd).sameFileAndContent(m_identity)) {
            close();
            return Step::Changed;
        }
        ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    // One block per worker thread, whatever the number of passes (a folder has thousands).
    thread_local QByteArray buffer(blockBytes, Qt::Uninitialized);
    qint64 budget = maxBytes;
    while (m_offset < m_identity.size && budget > 0) {
        const qint64 want = std::min({blockBytes, budget, m_identity.size - m_offset});
        const ssize_t got = ::pread(m_fd, buffer.data(), size_t(want), off_t(m_offset));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            m_systemError = errno;
            close();
            return Step::Failed;
        }
        if (got == 0) { // shorter than the version said: truncated meanwhile
            m_truncated = true;
            close();
            return Step::Changed;
        }
        if (m_digests & Digest::Sha256)
            m_sha256.addData(QByteArrayView(buffer.constData(), got));
        if (m_digests & Digest::Crc32)
            m_crc32 = quint32(
                ::crc32(m_crc32, reinterpret_cast<const Bytef *>(buffer.constData()), uInt(got)));
        m_offset += got;
        budget -= got;
    }
    if (m_offset < m_identity.size)
        return Step::More;
    // Written to while it was read: the digest may mix two versions.
    const bool unchanged = BlobIdentity::ofDescriptor(m_fd).sameFileAndContent(m_identity);
    close();
    if (!unchanged)
        return Step::Changed;
    if (m_digests & Digest::Sha256)
        m_sha256Result = m_sha256.result();
    return Step::Done;
}

} // namespace Sluice
