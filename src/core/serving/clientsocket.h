#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QObject>

#include "socketpoller.h"

namespace Sluice {

// A client's TCP socket, used directly: non-blocking reads into the caller's memory, sends that
// the pump decides on (within its time budget), and readiness notifications that are enabled
// only while needed. Cheaper per connection than a QTcpSocket, whose buffers and flushes this
// server would only have to work around.
class ClientSocket : public QObject, private PollClient
{
    Q_OBJECT
public:
    // Takes ownership of an accepted, connected descriptor, watched by `poller`.
    ClientSocket(int descriptor, SocketPoller &poller, QObject *parent = nullptr);
    ~ClientSocket() override;

    static constexpr qint64 broken = -1; // the connection failed; see lastError()
    static constexpr qint64 wouldBlock = -2; // nothing to read right now
    static constexpr qint64 endOfStream = 0; // the client closed its side

    // Returns the bytes read, or one of the codes above.
    qint64 receive(char *buffer, qint64 maxBytes);
    // Returns the bytes the kernel accepted (0 when its buffer is full), or `broken`.
    qint64 send(QByteArrayView bytes);
    // Both in one system call (a response head and its first body bytes).
    qint64 send(QByteArrayView first, QByteArrayView second);

    // Level-triggered: readable() keeps coming while input waits, so turn it off while the
    // input is meant to wait (a response is being sent).
    void setReadNotifications(bool enabled);
    // Emits writable() once, when the socket can take more bytes.
    void notifyWhenWritable();
    void shutdownWrite();
    void close();
    // Closes with a reset (SO_LINGER on, zero timeout): the kernel drops what is still queued
    // and sends RST, instead of retransmitting it to a client that will not read it.
    void abort();
    // Bytes the kernel holds and has not put on the wire yet (SIOCOUTQNSD); 0 when unknown.
    qint64 unsentBytes() const;
    // Bytes the kernel holds that the client has not acknowledged yet, sent or not (SIOCOUTQ);
    // -1 when unknown (closed). What a client has received is what was sent minus this.
    qint64 unacknowledgedBytes() const;
    bool isOpen() const { return m_fd >= 0; }
    int lastError() const { return m_lastError; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }

Q_SIGNALS:
    void readable();
    void writable();

private:
    qint64 result(qint64 transferred);
    void socketReady(bool readable, bool writable) override;
    void updateInterest();

    int m_fd = -1;
    SocketPoller &m_poller;
    bool m_wantsRead = true;
    bool m_wantsWrite = false;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    int m_lastError = 0;
};

} // namespace Sluice
