#include "response.h"

#include <charconv>
#include <cstring>

#include <QVarLengthArray>

#include "httpdate.h"

namespace Sluice {

namespace {

// The Date header changes once a second: format it once a second, not once a response.
const QByteArray &currentDate()
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

QByteArrayView Response::reasonPhrase(int status)
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
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
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
    case 429:
        return "Too Many Requests";
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
    // This runs for every response: the pieces are measured, then copied into one allocation.
    char statusText[16];
    const auto statusEnd = std::to_chars(statusText, statusText + sizeof statusText, status).ptr;
    char lengthText[24];
    const bool hasLength = status != 304 && status != 204;
    const auto lengthEnd
        = std::to_chars(lengthText, lengthText + sizeof lengthText, bodyLength()).ptr;

    QVarLengthArray<QByteArrayView, 64> pieces;
    pieces << "HTTP/1.1 " << QByteArrayView(statusText, statusEnd) << " " << reasonPhrase(status)
           << "\r\nDate: " << currentDate() << "\r\nServer: Sluice/" SLUICE_VERSION "\r\n";
    for (const auto &field : headers)
        pieces << field.first << ": " << field.second << "\r\n";
    // 304 carries no Content-Length: it would describe the selected representation, not a body.
    if (hasLength)
        pieces << "Content-Length: " << QByteArrayView(lengthText, lengthEnd) << "\r\n";
    if (!keepAlive)
        pieces << "Connection: close\r\n";
    else if (http10Client)
        pieces << "Connection: keep-alive\r\n";
    pieces << "\r\n";

    qsizetype size = 0;
    for (QByteArrayView piece : pieces)
        size += piece.size();
    QByteArray head(size, Qt::Uninitialized);
    char *out = head.data();
    for (QByteArrayView piece : pieces) {
        std::memcpy(out, piece.data(), size_t(piece.size()));
        out += piece.size();
    }
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
    text.literal = QByteArray::number(status) + ' ' + reasonPhrase(status).toByteArray() + ": "
        + detail + '\n';
    response.body.append(text);
    return response;
}

} // namespace Sluice
