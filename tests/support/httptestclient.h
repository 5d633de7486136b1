#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpSocket>

namespace SluiceTest {

struct ParsedResponse
{
    int status = 0;
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    bool complete = false;

    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
};

// Splits a byte stream into HTTP responses. `bodyless[i]` marks the i-th response as an answer to
// HEAD. A response without Content-Length runs to the end of the stream (`streamEnded`).
QList<ParsedResponse> parseResponses(const QByteArray &stream, const QList<bool> &bodyless = {},
                                     bool streamEnded = false);

// A TCP port free on every IPv4 address right now (for a server a test starts itself).
quint16 freePort();

// Runs the event loop (and so the server under test) until `done` holds or the time is up.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 10'000);

// A raw HTTP client over a real socket, for requests a normal client will not send.
class RawClient : public QObject
{
    Q_OBJECT
public:
    // `from`: the local address to connect from (another loopback address is another client).
    explicit RawClient(quint16 port, const QHostAddress &host = QHostAddress::LocalHost,
                       qint64 readBufferSize = 0, const QHostAddress &from = {});
    bool waitForConnected(int timeoutMs = 5'000);
    void send(const QByteArray &bytes);
    // Waits for `count` complete responses (or the connection's end) and returns them.
    QList<ParsedResponse> waitForResponses(int count, const QList<bool> &bodyless = {},
                                           int timeoutMs = 15'000);
    ParsedResponse request(const QByteArray &bytes, bool head = false);
    bool waitForDisconnected(int timeoutMs = 10'000);
    bool isDisconnected() const { return m_disconnected; }
    QByteArray received() const { return m_received; }
    QTcpSocket &socket() { return m_socket; }
    void readPending();

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_disconnected = false;
    bool m_manualRead = false;
    QList<bool> m_headRequests; // one flag per request() so HEAD answers parse without a body
};

// `count` clients that each GET `target` once with Connection: close, all at once; returns
// after every one of them saw the connection end (or the time is up).
std::vector<std::unique_ptr<RawClient>> downloadConcurrently(quint16 port, const QByteArray &target,
                                                             int count, int timeoutMs = 60'000);

// "GET <target> HTTP/1.1" with Host and the extra header lines (each ending in \r\n).
QByteArray getRequest(const QByteArray &target, const QByteArray &extraHeaders = {},
                      const QByteArray &method = "GET");

} // namespace SluiceTest
