#pragma once

#include <atomic>
#include <mutex>
#include <thread>

#include <QByteArray>
#include <QHostAddress>

namespace SluiceTest {

// A client that GETs one target and reads its response at a fixed rate, as a phone on weak
// Wi-Fi or `curl --limit-rate` does, on a thread of its own with a plain blocking socket, so its
// pace does not depend on the event loop of the server under test. The rate holds on average:
// after a slow spell of the machine it catches up.
class ThrottledReader
{
public:
    struct Options
    {
        double bytesPerSecond = 1024 * 1024;
        bool keepBody = false; // keep the body for a byte-for-byte comparison
        QByteArray extraHeaders; // each line ending in \r\n
    };
    ThrottledReader(quint16 port, const QByteArray &target, const Options &options,
                    const QHostAddress &host = QHostAddress::LocalHost);
    ~ThrottledReader(); // closes the connection

    // Stops reading (the rate's clock stops too) until resumed.
    void setPaused(bool paused);
    // Closes the connection now.
    void stop();

    qint64 bodyBytesRead() const { return m_bodyRead.load(); }
    // Bytes that reached this client's kernel and wait to be read.
    qint64 bytesWaitingInKernel() const;
    // The response's end (the server closed, or the whole Content-Length arrived).
    bool finished() const { return m_finished.load(); }
    bool failed() const { return m_failed.load(); }
    qint64 contentLength() const { return m_contentLength.load(); }
    QByteArray body() const;
    int localPort() const { return m_localPort; }

private:
    void run(double bytesPerSecond);
    bool readHead(QByteArray &pending);

    int m_fd = -1;
    int m_localPort = 0;
    bool m_keepBody;
    std::atomic<bool> m_stop {false};
    std::atomic<bool> m_paused {false};
    std::atomic<bool> m_finished {false};
    std::atomic<bool> m_failed {false};
    std::atomic<qint64> m_bodyRead {0};
    std::atomic<qint64> m_contentLength {-1};
    mutable std::mutex m_bodyMutex;
    QByteArray m_body;
    std::thread m_thread;
};

} // namespace SluiceTest
