#include "socketpoller.h"

#include <array>
#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

#include <QSocketNotifier>

namespace Sluice {
namespace {

// Events taken per turn of the event loop; the rest are still ready on the next turn.
constexpr int eventsPerTurn = 256;

} // namespace

SocketPoller::SocketPoller(QObject *parent)
    : QObject(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0) {
        m_creationError = errno;
        return;
    }
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SocketPoller::dispatch);
}

SocketPoller::~SocketPoller()
{
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void SocketPoller::watch(int fd, PollClient *client, bool readable, bool writable)
{
    if (m_epoll < 0 || fd < 0)
        return;
    if (!readable && !writable) {
        // Out of the set entirely: epoll reports hang-ups and errors even without interest,
        // and level-triggered that would wake the loop again and again.
        forget(fd);
        return;
    }
    if (std::size_t(fd) >= m_clients.size())
        m_clients.resize(std::size_t(fd) + 1, nullptr);
    epoll_event event = {};
    event.events = (readable ? EPOLLIN : 0u) | (writable ? EPOLLOUT : 0u);
    event.data.fd = fd;
    const bool known = m_clients[std::size_t(fd)] != nullptr;
    m_clients[std::size_t(fd)] = client;
    if (::epoll_ctl(m_epoll, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) != 0
        && errno == ENOENT)
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
}

void SocketPoller::forget(int fd)
{
    if (m_epoll < 0 || fd < 0 || std::size_t(fd) >= m_clients.size() || !m_clients[std::size_t(fd)])
        return;
    m_clients[std::size_t(fd)] = nullptr;
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void SocketPoller::dispatch()
{
    std::array<epoll_event, eventsPerTurn> events;
    const int count = ::epoll_wait(m_epoll, events.data(), eventsPerTurn, 0);
    for (int i = 0; i < count; ++i) {
        const int fd = events[std::size_t(i)].data.fd;
        // A client handled earlier in this turn may have closed this one.
        PollClient *client
            = std::size_t(fd) < m_clients.size() ? m_clients[std::size_t(fd)] : nullptr;
        if (!client)
            continue;
        const uint32_t what = events[std::size_t(i)].events;
        // Errors and hang-ups are reported as readable: the read finds out what happened.
        client->socketReady((what & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0,
                            (what & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0);
    }
}

} // namespace Sluice
