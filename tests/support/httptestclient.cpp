#include "httptestclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTcpServer>

namespace SluiceTest {

QByteArray ParsedResponse::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (field.first == name.toByteArray().toLower())
            return field.second;
    }
    return {};
}

bool ParsedResponse::hasHeader(QByteArrayView name) const
{
    return headerCount(name) > 0;
}

int ParsedResponse::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const auto &field : headers)
        count += field.first == name.toByteArray().toLower() ? 1 : 0;
    return count;
}

QList<ParsedResponse> parseResponses(const QByteArray &stream, const QList<bool> &bodyless,
                                     bool streamEnded)
{
    QList<ParsedResponse> responses;
    qsizetype pos = 0;
    while (pos < stream.size()) {
        const qsizetype headEnd = stream.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            break;
        ParsedResponse response;
        const QList<QByteArray> lines = stream.mid(pos, headEnd - pos).split('\n');
        response.statusLine = lines.first().trimmed();
        response.status = response.statusLine.split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.append(
                    {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        pos = headEnd + 4;
        const bool noBody = bodyless.value(responses.size(), false) || response.status == 304
            || response.status == 204;
        if (noBody) {
            response.complete = true;
        } else if (response.hasHeader("content-length")) {
            const qint64 length = response.header("content-length").toLongLong();
            response.body = stream.mid(pos, length);
            response.complete = response.body.size() == length;
            pos += response.body.size();
        } else {
            response.body = stream.mid(pos);
            response.complete = streamEnded;
            pos = stream.size();
        }
        responses.append(response);
        if (!response.complete)
            break;
    }
    return responses;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::AnyIPv4, 0);
    return probe.serverPort();
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

RawClient::RawClient(quint16 port, const QHostAddress &host, qint64 readBufferSize,
                     const QHostAddress &from)
{
    if (!from.isNull())
        m_socket.bind(from);
    m_manualRead = readBufferSize > 0;
    if (m_manualRead) {
        m_socket.setReadBufferSize(readBufferSize);
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption,
                                 int(readBufferSize));
    }
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        if (!m_manualRead)
            m_received += m_socket.readAll();
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_manualRead && m_socket.isOpen())
            m_received += m_socket.readAll();
        m_disconnected = true;
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                if (error != QAbstractSocket::RemoteHostClosedError
                    && m_socket.state() == QAbstractSocket::UnconnectedState)
                    m_disconnected = true;
            });
    m_socket.connectToHost(host, port);
}

bool RawClient::waitForConnected(int timeoutMs)
{
    return waitUntil(
               [this] {
                   return m_socket.state() == QAbstractSocket::ConnectedState || m_disconnected;
               },
               timeoutMs)
        && !m_disconnected;
}

void RawClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

void RawClient::readPending()
{
    if (m_socket.isOpen())
        m_received += m_socket.readAll();
}

QList<ParsedResponse> RawClient::waitForResponses(int count, const QList<bool> &givenBodyless,
                                                  int timeoutMs)
{
    const QList<bool> bodyless = givenBodyless.isEmpty() ? m_headRequests : givenBodyless;
    QList<ParsedResponse> responses;
    waitUntil(
        [&] {
            responses = parseResponses(m_received, bodyless, m_disconnected);
            const bool enough = responses.size() >= count && responses.value(count - 1).complete;
            return enough || m_disconnected;
        },
        timeoutMs);
    return parseResponses(m_received, bodyless, m_disconnected);
}

ParsedResponse RawClient::request(const QByteArray &bytes, bool head)
{
    const qsizetype index = m_headRequests.size();
    m_headRequests.append(head);
    send(bytes);
    return waitForResponses(int(index + 1), m_headRequests).value(index);
}

bool RawClient::waitForDisconnected(int timeoutMs)
{
    return waitUntil([this] { return m_disconnected; }, timeoutMs);
}

std::vector<std::unique_ptr<RawClient>> downloadConcurrently(quint16 port, const QByteArray &target,
                                                             int count, int timeoutMs)
{
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<RawClient>(port));
        clients.back()->send(getRequest(target, "Connection: close\r\n"));
    }
    waitUntil(
        [&] {
            return std::all_of(clients.begin(), clients.end(),
                               [](const auto &client) { return client->isDisconnected(); });
        },
        timeoutMs);
    return clients;
}

QByteArray getRequest(const QByteArray &target, const QByteArray &extraHeaders,
                      const QByteArray &method)
{
    return method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

} // namespace SluiceTest
