#include "openfile.h"

#include <fcntl.h>
#include <thread>
#include <unistd.h>

#include <QCoreApplication>
#include <QThread>
#include <QTimer>

namespace Sluice {
namespace {

constexpr auto mappingLinger = std::chrono::seconds(2);

} // namespace

OpenFile::OpenFile(int fd, const BlobIdentity &identity)
    : m_fd(fd)
    , m_identity(identity)
{
}

OpenFile::~OpenFile()
{
    // close(2) can wait on the file system (FUSE and NFS flush on close): the event loop hands
    // the descriptor to a thread of its own. Files are closed only when a version goes, so
    // this is rare; a close that hangs holds that thread, not the loop.
    QCoreApplication *app = QCoreApplication::instance();
    if (app && QThread::currentThread() == app->thread())
        std::thread([fd = m_fd] { ::close(fd); }).detach();
    else
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
    m_mappingLastWanted = std::chrono::steady_clock::now();
    if (!m_mapping) {
        m_mapping = FileMapping::map(m_fd, m_identity.size);
        if (m_mapping)
            releaseMappingWhenIdle();
    }
    return m_mapping;
}

void OpenFile::releaseMappingWhenIdle() const
{
    // Checked every linger period: released once no transfer holds it and none asked for it
    // during a whole period.
    QTimer::singleShot(mappingLinger, [weak = weak_from_this()] {
        const std::shared_ptr<const OpenFile> self = weak.lock();
        if (!self || !self->m_mapping)
            return;
        const bool inUse = self->m_mapping.use_count() > 1;
        if (inUse || std::chrono::steady_clock::now() - self->m_mappingLastWanted < mappingLinger)
            self->releaseMappingWhenIdle();
        else
            self->m_mapping.reset();
    });
}

} // namespace Sluice
