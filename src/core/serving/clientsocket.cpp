#include "clientsocket.h"

#include <cerrno>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace Sluice {

ClientSocket::ClientSocket(int descriptor, SocketPoller &poller, QObject *parent)
    : QObject(parent)
    , m_fd(descriptor)
    , m_poller(poller)
{
    // Non-blocking already: the listener accepts with SOCK_NONBLOCK.
    // Responses are written whole chunks at a time: Nagle's delay would only hold back tails.
    const int on = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    // The kernel queues at most this much that the client has not taken yet. Without it, every
    // slow reader pins up to tcp_wmem's maximum (4 MiB) of kernel memory, and a few hundred of
    // them push TCP into memory pressure, which slows every other client down.
    const int unsentLimit = 1024 * 1024; // 256 KiB cost fast clients 12 % and fairness
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &unsentLimit, sizeof unsentLimit);
    sockaddr_storage peer = {};
    socklen_t length = sizeof peer;
    if (::getpeername(m_fd, reinterpret_cast<sockaddr *>(&peer), &length) == 0) {
        m_peerAddress.setAddress(reinterpret_cast<const sockaddr *>(&peer));
        m_peerPort = peer.ss_family == AF_INET6
            ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port)
            : ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
        // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; log and show a.b.c.d.
        bool isV4 = false;
        const quint32 v4 = m_peerAddress.toIPv4Address(&isV4);
        if (isV4)
            m_peerAddress.setAddress(v4);
    }
    updateInterest();
}

ClientSocket::~ClientSocket()
{
    close();
}

qint64 ClientSocket::result(qint64 transferred)
{
    if (transferred >= 0)
        return transferred;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return 0;
    m_lastError = errno;
    return broken;
}

qint64 ClientSocket::receive(char *buffer, qint64 maxBytes)
{
    if (m_fd < 0)
        return broken;
    const ssize_t got = ::recv(m_fd, buffer, size_t(maxBytes), MSG_DONTWAIT);
    if (got > 0)
        return got;
    if (got == 0)
        return endOfStream;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return wouldBlock;
    m_lastError = errno;
    return broken;
}

qint64 ClientSocket::send(QByteArrayView bytes)
{
    if (m_fd < 0)
        return broken;
    return result(::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT));
}

qint64 ClientSocket::send(QByteArrayView first, QByteArrayView second)
{
    if (m_fd < 0)
        return broken;
    iovec parts[2] = {{const_cast<char *>(first.data()), size_t(first.size())},
                      {const_cast<char *>(second.data()), size_t(second.size())}};
    msghdr message = {};
    message.msg_iov = parts;
    message.msg_iovlen = 2;
    return result(::sendmsg(m_fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT));
}

void ClientSocket::updateInterest()
{
    if (m_fd >= 0)
        m_poller.watch(m_fd, this, m_wantsRead, m_wantsWrite);
}

void ClientSocket::socketReady(bool isReadable, bool isWritable)
{
    if (isWritable && m_wantsWrite) {
        m_wantsWrite = false; // level-triggered: wanted again only when a send falls short
        updateInterest();
        Q_EMIT writable();
    }
    if (isReadable && m_wantsRead && m_fd >= 0)
        Q_EMIT readable();
}

void ClientSocket::setReadNotifications(bool enabled)
{
    if (m_wantsRead == enabled)
        return;
    m_wantsRead = enabled;
    updateInterest();
}

void ClientSocket::notifyWhenWritable()
{
    if (m_wantsWrite)
        return;
    m_wantsWrite = true;
    updateInterest();
}

void ClientSocket::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

qint64 ClientSocket::unsentBytes() const
{
    int queued = 0;
    if (m_fd < 0 || ::ioctl(m_fd, SIOCOUTQNSD, &queued) != 0)
        return 0;
    return queued;
}

qint64 ClientSocket::unacknowledgedBytes() const
{
    int queued = 0;
    if (m_fd < 0 || ::ioctl(m_fd, SIOCOUTQ, &queued) != 0)
        return -1;
    return queued;
}

void ClientSocket::abort()
{
    if (m_fd < 0)
        return;
    const struct linger reset = {1, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    close();
}

void ClientSocket::close()
{
    if (m_fd < 0)
        return;
    m_poller.forget(m_fd);
    ::close(m_fd);
    m_fd = -1;
}

} // namespace Sluice
