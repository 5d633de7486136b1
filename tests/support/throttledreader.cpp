#include "throttledreader.h"

#include <chrono>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httptestclient.h"

namespace SluiceTest {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto tick = std::chrono::milliseconds(5);
constexpr qint64 maxReadBytes = 256 * 1024;

} // namespace

ThrottledReader::ThrottledReader(quint16 port, const QByteArray &target, const Options &options,
                                 const QHostAddress &host)
    : m_keepBody(options.keepBody)
{
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    m_fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int connected = -1;
    if (v6) {
        sockaddr_in6 address {};
        address.sin6_family = AF_INET6;
        address.sin6_port = htons(port);
        const Q_IPV6ADDR raw = host.toIPv6Address();
        memcpy(&address.sin6_addr, &raw, sizeof raw);
        connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    } else {
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(host.toIPv4Address());
        connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    }
    sockaddr_storage local {};
    socklen_t length = sizeof local;
    if (connected == 0 && ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&local), &length) == 0)
        m_localPort = ntohs(v6 ? reinterpret_cast<sockaddr_in6 *>(&local)->sin6_port
                               : reinterpret_cast<sockaddr_in *>(&local)->sin_port);
    const QByteArray request = getRequest(target, options.extraHeaders + "Connection: close\r\n");
    if (connected != 0
        || ::send(m_fd, request.constData(), request.size(), MSG_NOSIGNAL) != request.size()) {
        m_failed = true;
        m_finished = true;
        return;
    }
    m_thread = std::thread([this, rate = options.bytesPerSecond] { run(rate); });
}

ThrottledReader::~ThrottledReader()
{
    stop();
}

void ThrottledReader::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
}

void ThrottledReader::setPaused(bool paused)
{
    m_paused = paused;
}

qint64 ThrottledReader::bytesWaitingInKernel() const
{
    int waiting = 0;
    if (m_fd < 0 || ::ioctl(m_fd, FIONREAD, &waiting) != 0)
        return 0;
    return waiting;
}

QByteArray ThrottledReader::body() const
{
    std::lock_guard lock(m_bodyMutex);
    return m_body;
}

bool ThrottledReader::readHead(QByteArray &pending)
{
    const qsizetype end = pending.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<ParsedResponse> parsed = parseResponses(pending.left(end + 4), {true});
    const QByteArray length
        = parsed.isEmpty() ? QByteArray() : parsed.first().header("content-length");
    m_contentLength = length.isEmpty() ? -1 : length.toLongLong();
    pending.remove(0, end + 4);
    return true;
}

void ThrottledReader::run(double bytesPerSecond)
{
    // The rate's clock runs only while reading; `credited` is what it has allowed so far.
    Clock::time_point last = Clock::now();
    double credited = 0;
    qint64 taken = 0;
    bool headDone = false;
    QByteArray pending;
    QByteArray buffer(maxReadBytes, Qt::Uninitialized);
    while (!m_stop && !m_finished) {
        std::this_thread::sleep_for(tick);
        const Clock::time_point now = Clock::now();
        if (!m_paused)
            credited += bytesPerSecond * std::chrono::duration<double>(now - last).count();
        last = now;
        while (!m_paused && taken < qint64(credited)) {
            const qint64 want = std::min<qint64>(qint64(credited) - taken, maxReadBytes);
            const ssize_t got = ::recv(m_fd, buffer.data(), size_t(want), MSG_DONTWAIT);
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                credited = double(taken); // nothing to read is no credit for later
                break;
            }
            if (got < 0)
                m_failed = true;
            if (got <= 0) {
                m_finished = true;
                break;
            }
            taken += got;
            QByteArrayView bodyPart(buffer.constData(), got);
            if (!headDone) {
                pending.append(bodyPart);
                headDone = readHead(pending);
                if (!headDone)
                    continue;
                bodyPart = pending;
            }
            m_bodyRead += bodyPart.size();
            if (m_keepBody) {
                std::lock_guard lock(m_bodyMutex);
                m_body.append(bodyPart);
            }
            pending.clear();
            if (m_contentLength >= 0 && m_bodyRead >= m_contentLength)
                m_finished = true;
        }
    }
}

} // namespace SluiceTest
