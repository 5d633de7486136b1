#include "socketwriter.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <QSocketNotifier>

namespace Sluice {

SocketWriter::SocketWriter(qintptr socketDescriptor, QObject *parent)
    : QObject(parent)
    , m_fd(::fcntl(int(socketDescriptor), F_DUPFD_CLOEXEC, 0))
{
    if (m_fd < 0)
        m_lastError = errno;
}

SocketWriter::~SocketWriter()
{
    close();
}

qint64 SocketWriter::result(qint64 written)
{
    if (written >= 0)
        return written;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return 0;
    m_lastError = errno;
    return broken;
}

qint64 SocketWriter::send(QByteArrayView bytes)
{
    if (m_fd < 0)
        return broken;
    return result(::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT));
}

qint64 SocketWriter::send(QByteArrayView first, QByteArrayView second)
{
    if (m_fd < 0)
        return broken;
    iovec parts[2] = {{const_cast<char *>(first.data()), size_t(first.size())},
                      {const_cast<char *>(second.data()), size_t(second.size())}};
    msghdr message {};
    message.msg_iov = parts;
    message.msg_iovlen = 2;
    return result(::sendmsg(m_fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT));
}

void SocketWriter::notifyWhenWritable()
{
    if (m_fd < 0)
        return;
    if (!m_notifier) {
        // Made on first need: most connections never fill the kernel's buffer.
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            m_notifier->setEnabled(false); // level-triggered: enable again only when needed
            Q_EMIT writable();
        });
    }
    m_notifier->setEnabled(true);
}

void SocketWriter::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

void SocketWriter::close()
{
    if (m_fd < 0)
        return;
    delete m_notifier;
    m_notifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
}

} // namespace Sluice
