#include "response.h"

#include "httpdate.h"

namespace Sluice {

namespace {

// The Date header changes once a second: format it once a second, not once a response.
QByteArray currentDate()
{
    static qint64 cachedSecond = -1;
    static QByteArray cached;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != cachedSecond) {
        cachedSecond = now;
        cached = HttpDate::format(QDateTime::fromSecsSinceEpoch(now, Qt::UTC));
    }
    return cached;
}

} // namespace

qint64 Response::bodyLength() const
{
    qint64 total = 0;
    for (const BodyPiece &piece : body)
        total += piece.length();
    return total;
}

QByteArray Response::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 416:
        return "Range Not Satisfiable";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray Response::serializeHead(bool keepAlive, bool http10Client) const
{
    QByteArray head;
    head.reserve(512);
    head += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    head += "Date: " + currentDate() + "\r\n";
    head += "Server: Sluice/" SLUICE_VERSION "\r\n";
    for (const auto &field : headers)
        head += field.first + ": " + field.second + "\r\n";
    // 304 carries no Content-Length: it would describe the selected representation, not a body.
    if (status != 304 && status != 204)
        head += "Content-Length: " + QByteArray::number(bodyLength()) + "\r\n";
    if (!keepAlive)
        head += "Connection: close\r\n";
    else if (http10Client)
        head += "Connection: keep-alive\r\n";
    head += "\r\n";
    return head;
}

Response Response::error(int status, const QByteArray &detail, bool close)
{
    Response response;
    response.status = status;
    response.mustClose = close;
    response.addHeader("Content-Type", "text/plain; charset=utf-8");
    response.addHeader("Cache-Control", "no-store");
    BodyPiece text;
    text.literal = QByteArray::number(status) + ' ' + reasonPhrase(status) + ": " + detail + '\n';
    response.body.append(text);
    return response;
}

} // namespace Sluice
