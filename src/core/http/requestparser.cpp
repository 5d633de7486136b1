#include "requestparser.h"

#include <algorithm>

#include "httptokens.h"
#include "uricomponents.h"

namespace Sluice {
namespace {

ParseResult bad(int status, const char *reason)
{
    ParseResult result;
    result.status = ParseResult::Status::Bad;
    result.errorStatus = status;
    result.errorReason = reason;
    return result;
}

bool parseVersion(QByteArrayView text, int *major, int *minor)
{
    // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
    if (text.size() != 8 || !text.startsWith("HTTP/") || text[6] != '.')
        return false;
    const char ma = text[5];
    const char mi = text[7];
    if (ma < '0' || ma > '9' || mi < '0' || mi > '9')
        return false;
    *major = ma - '0';
    *minor = mi - '0';
    return true;
}

bool isValidTarget(QByteArrayView target)
{
    if (target.isEmpty())
        return false;
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
    }
    return true;
}

bool isValidFieldValue(QByteArrayView value)
{
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

// Returns the line ending at the next LF (a preceding CR is dropped), or nullopt if none yet.
struct Line
{
    QByteArrayView text;
    qsizetype next = 0;
};

std::optional<Line> nextLine(QByteArrayView data, qsizetype from)
{
    const qsizetype lf = data.indexOf('\n', from);
    if (lf < 0)
        return std::nullopt;
    qsizetype end = lf;
    if (end > from && data[end - 1] == '\r')
        --end;
    return Line {data.sliced(from, end - from), lf + 1};
}

// RFC 3986 pct-encoded escapes only; a control character hidden behind one (a NUL above all)
// cannot be part of any name we share, and is refused like one sent raw.
bool hasValidEscapes(QByteArrayView path, bool *decodesToControl)
{
    const std::optional<QByteArray> decoded = Uri::percentDecoded(path);
    if (!decoded)
        return false;
    *decodesToControl = std::any_of(decoded->cbegin(), decoded->cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
    return true;
}

} // namespace

QByteArray pathOfTarget(QByteArrayView target)
{
    QByteArrayView rest = target;
    if (!rest.startsWith('/')) {
        // absolute-form: scheme "://" authority path-abempty [ "?" query ]
        const qsizetype schemeEnd = rest.indexOf("://");
        if (schemeEnd <= 0)
            return {};
        const QByteArrayView scheme = rest.first(schemeEnd);
        if (scheme.compare("http", Qt::CaseInsensitive) != 0
            && scheme.compare("https", Qt::CaseInsensitive) != 0)
            return {};
        rest = rest.sliced(schemeEnd + 3);
        const qsizetype pathStart = rest.indexOf('/');
        const qsizetype queryStart = rest.indexOf('?');
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart))
            return QByteArray("/");
        rest = rest.sliced(pathStart);
    }
    qsizetype end = rest.size();
    for (char stop : {'?', '#'}) {
        const qsizetype at = rest.indexOf(stop);
        if (at >= 0 && at < end)
            end = at;
    }
    return rest.first(end).toByteArray();
}

ParseResult parseRequestHead(QByteArrayView data, const ParserLimits &limits)
{
    qsizetype pos = 0;
    // RFC 9112 §2.2: ignore empty lines received before the request line.
    while (true) {
        if (pos < data.size() && data[pos] == '\n') {
            ++pos;
        } else if (pos + 1 < data.size() && data[pos] == '\r' && data[pos + 1] == '\n') {
            pos += 2;
        } else {
            break;
        }
        if (pos > limits.maxHeadBytes)
            return bad(400, "Too many empty lines before the request");
    }
    const qsizetype headStart = pos;

    const auto requestLine = nextLine(data, pos);
    if (!requestLine) {
        // One byte of slack: a CR may be waiting for its LF, and a line of exactly the limit
        // must not be refused or accepted depending on how the bytes were split.
        if (data.size() - headStart > limits.maxRequestLineBytes + 1)
            return bad(414, "The request line is too long");
        if (pos == data.size() && pos > 0) {
            ParseResult incomplete;
            incomplete.consumed = pos; // leading blank lines can be dropped already
            return incomplete;
        }
        return {};
    }
    if (requestLine->text.size() > limits.maxRequestLineBytes)
        return bad(414, "The request line is too long");

    HttpRequest request;
    {
        const QByteArrayView line = requestLine->text;
        const qsizetype firstSpace = line.indexOf(' ');
        const qsizetype lastSpace = line.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace)
            return bad(400, "Malformed request line");
        const QByteArrayView method = line.first(firstSpace);
        const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
        const QByteArrayView version = line.sliced(lastSpace + 1);
        if (!HttpTokens::isToken(method))
            return bad(400, "Malformed request method");
        if (!isValidTarget(target))
            return bad(400, "Malformed request target");
        if (!parseVersion(version, &request.versionMajor, &request.versionMinor))
            return bad(400, "Malformed HTTP version");
        if (request.versionMajor != 1)
            return bad(505, "Only HTTP/1.0 and HTTP/1.1 are supported");
        request.method = method.toByteArray();
        request.target = target.toByteArray();
    }

    pos = requestLine->next;
    bool headComplete = false;
    while (!headComplete) {
        const auto line = nextLine(data, pos);
        if (!line) {
            if (data.size() - headStart > limits.maxHeadBytes)
                return bad(431, "The request header section is too large");
            return {};
        }
        pos = line->next;
        if (pos - headStart > limits.maxHeadBytes)
            return bad(431, "The request header section is too large");
        if (line->text.isEmpty()) {
            headComplete = true;
            break;
        }
        const QByteArrayView text = line->text;
        if (text.front() == ' ' || text.front() == '\t')
            return bad(400, "Obsolete line folding is not accepted");
        const qsizetype colon = text.indexOf(':');
        if (colon <= 0)
            return bad(400, "Malformed header field");
        const QByteArrayView name = text.first(colon);
        if (!HttpTokens::isToken(name))
            return bad(400, "Malformed header field name");
        const QByteArrayView value = HttpTokens::trimmed(text.sliced(colon + 1));
        if (!isValidFieldValue(value))
            return bad(400, "Control characters in a header field");
        if (request.headers.size() >= limits.maxHeaderFields)
            return bad(431, "Too many header fields");
        request.headers.append({name.toByteArray().toLower(), value.toByteArray()});
    }

    // Host: exactly one for HTTP/1.1 (RFC 9112 §3.2); at most one otherwise.
    int hostCount = 0;
    int contentLengthCount = 0;
    qint64 contentLength = -1;
    for (const auto &field : request.headers) {
        if (field.first == "host") {
            ++hostCount;
            if (!Uri::isValidHostField(field.second))
                return bad(400, "Malformed Host header");
        } else if (field.first == "content-length") {
            // Several identical values (or one list of them) are tolerated; differing ones are not.
            for (QByteArrayView item : HttpTokens::splitList(field.second)) {
                qint64 value = 0;
                if (!HttpTokens::parseDecimal(item, &value))
                    return bad(400, "Invalid Content-Length");
                if (contentLength >= 0 && value != contentLength)
                    return bad(400, "Conflicting Content-Length values");
                contentLength = value;
            }
            ++contentLengthCount;
            if (field.second.isEmpty())
                return bad(400, "Invalid Content-Length");
        }
    }
    if (hostCount > 1)
        return bad(400, "More than one Host header");
    if (request.isHttp11OrLater() && hostCount == 0)
        return bad(400, "HTTP/1.1 requests must carry a Host header");
    if (request.hasHeader("transfer-encoding")) {
        if (contentLengthCount > 0)
            return bad(400, "Both Content-Length and Transfer-Encoding were sent");
        if (!request.isHttp11OrLater())
            return bad(400, "Transfer-Encoding is not valid in HTTP/1.0");
        // A chunked request body cannot be framed without decoding it; refuse rather than guess.
        return bad(501, "Request bodies with Transfer-Encoding are not supported");
    }
    request.contentLength = contentLength > 0 ? contentLength : 0;

    if (request.target.startsWith('/')) {
        request.path = pathOfTarget(request.target);
    } else if (request.target == "*") {
        request.path = "*";
    } else {
        request.path = pathOfTarget(request.target);
        if (request.path.isEmpty() && request.method != "CONNECT")
            return bad(400, "Unsupported request target form");
    }
    if (request.path.startsWith('/') && request.path.contains('%')) {
        bool decodesToControl = false;
        if (!hasValidEscapes(request.path, &decodesToControl))
            return bad(400, "Malformed percent-encoding in the request path");
        if (decodesToControl)
            return bad(400, "Control characters in the request path");
    }

    ParseResult result;
    result.status = ParseResult::Status::Complete;
    result.request = std::move(request);
    result.consumed = pos;
    return result;
}

} // namespace Sluice
