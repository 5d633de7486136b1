#pragma once

#include <QByteArrayView>
#include <QObject>

class QSocketNotifier;

namespace Sluice {

// Writes response bytes straight to a connection's socket, bypassing Qt's write buffer, so the
// pump decides when and how much is copied, within its time budget. Works on a duplicate of the
// descriptor so that its write-readiness notifier does not clash with the QTcpSocket's own.
class SocketWriter : public QObject
{
    Q_OBJECT
public:
    SocketWriter(qintptr socketDescriptor, QObject *parent = nullptr);
    ~SocketWriter() override;

    static constexpr qint64 broken = -1; // the connection failed; see lastError()

    // Returns the bytes the kernel accepted (0 when its buffer is full), or `broken`.
    qint64 send(QByteArrayView bytes);
    // Both in one system call (a response head and its first body bytes).
    qint64 send(QByteArrayView first, QByteArrayView second);

    // Emits writable() once the socket can take more bytes.
    void notifyWhenWritable();
    void shutdownWrite();
    void close();
    int lastError() const { return m_lastError; }
    bool isOpen() const { return m_fd >= 0; }

Q_SIGNALS:
    void writable();

private:
    qint64 result(qint64 written);

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    int m_lastError = 0;
};

} // namespace Sluice
