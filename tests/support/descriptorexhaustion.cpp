#include "descriptorexhaustion.h"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

#include <QDir>

namespace SluiceTest {
namespace {

// Room above what is open, so lowering the limit never fails; all of it is then held.
constexpr rlim_t headroom = 64;

} // namespace

DescriptorExhaustion::DescriptorExhaustion()
{
    if (::getrlimit(RLIMIT_NOFILE, &m_saved) != 0)
        return;
    // The highest descriptor in use bounds what the limit may be lowered to.
    int highest = 0;
    const QStringList open
        = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : open)
        highest = std::max(highest, name.toInt());
    struct rlimit lowered = m_saved;
    lowered.rlim_cur = std::min<rlim_t>(m_saved.rlim_cur, rlim_t(highest) + 1 + headroom);
    if (::setrlimit(RLIMIT_NOFILE, &lowered) != 0)
        return;
    m_limited = true;
    for (;;) {
        const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            m_exhausted = errno == EMFILE;
            break;
        }
        m_held.push_back(fd);
    }
}

DescriptorExhaustion::~DescriptorExhaustion()
{
    release();
    if (m_limited)
        ::setrlimit(RLIMIT_NOFILE, &m_saved);
}

bool DescriptorExhaustion::freeOne()
{
    if (m_held.empty())
        return false;
    ::close(m_held.back());
    m_held.pop_back();
    return true;
}

void DescriptorExhaustion::release()
{
    for (int fd : m_held)
        ::close(fd);
    m_held.clear();
}

} // namespace SluiceTest
