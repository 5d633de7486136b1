#pragma once

#include <vector>

#include <QObject>

class QSocketNotifier;

namespace Sluice {

// Something with a descriptor the poller watches.
class PollClient
{
public:
    virtual ~PollClient() = default;
    virtual void socketReady(bool readable, bool writable) = 0;
};

// Watches many client sockets with one epoll(7) set, which the event loop sees as a single
// descriptor. The loop's own poll(2) walks every descriptor it watches on every pass, so with a
// QSocketNotifier per socket a pass costs more the more clients are connected, idle ones
// included; here it costs one descriptor plus the sockets that are actually ready.
// Level-triggered, like QSocketNotifier. Event-loop thread only.
class SocketPoller : public QObject
{
    Q_OBJECT
public:
    explicit SocketPoller(QObject *parent = nullptr);
    ~SocketPoller() override;

    bool isValid() const { return m_epoll >= 0; }
    int creationError() const { return m_creationError; } // errno when not valid
    // Starts or changes watching `fd` for `client`; neither readable nor writable stops it.
    void watch(int fd, PollClient *client, bool readable, bool writable);
    void forget(int fd);

private:
    void dispatch();

    int m_epoll = -1;
    int m_creationError = 0;
    QSocketNotifier *m_notifier = nullptr;
    std::vector<PollClient *> m_clients; // by descriptor: events for a forgotten one are dropped
};

} // namespace Sluice
