#include "uricomponents.h"

namespace Sluice::Uri {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// pct-encoded = "%" HEXDIG HEXDIG, at `at`.
bool isPercentEscapeAt(QByteArrayView text, qsizetype at)
{
    return at + 2 < text.size() && text[at] == '%' && hexValue(text[at + 1]) >= 0
        && hexValue(text[at + 2]) >= 0;
}

bool isUnreserved(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '-' || c == '.'
        || c == '_' || c == '~';
}

bool isSubDelim(char c)
{
    return QByteArrayView("!$&'()*+,;=").contains(c);
}

// reg-name = *( unreserved / pct-encoded / sub-delims )
bool isRegName(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (!isPercentEscapeAt(text, i))
                return false;
            i += 2;
        } else if (!isUnreserved(c) && !isSubDelim(c)) {
            return false;
        }
    }
    return true;
}

bool isDigits(QByteArrayView text)
{
    for (char c : text) {
        if (!isDigit(c))
            return false;
    }
    return true;
}

// dec-octet: 0–255 without leading zeros.
bool isDecOctet(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 3 || !isDigits(text))
        return false;
    if (text.size() > 1 && text[0] == '0')
        return false;
    int value = 0;
    for (char c : text)
        value = value * 10 + (c - '0');
    return value <= 255;
}

bool isIpv4Address(QByteArrayView text)
{
    int octets = 0;
    qsizetype start = 0;
    while (true) {
        const qsizetype dot = text.indexOf('.', start);
        const qsizetype end = dot < 0 ? text.size() : dot;
        if (!isDecOctet(text.sliced(start, end - start)))
            return false;
        ++octets;
        if (dot < 0)
            break;
        start = dot + 1;
    }
    return octets == 4;
}

bool isH16(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 4)
        return false;
    for (char c : text) {
        if (hexValue(c) < 0)
            return false;
    }
    return true;
}

// Counts the 16-bit pieces of one side of "::" (or of the whole address); -1 when malformed.
// Only the last piece of the address may be a dotted IPv4 address, worth two pieces.
int countPieces(QByteArrayView text, bool mayEndInIpv4)
{
    if (text.isEmpty())
        return 0;
    int pieces = 0;
    qsizetype start = 0;
    while (true) {
        const qsizetype colon = text.indexOf(':', start);
        const QByteArrayView piece = text.sliced(start, (colon < 0 ? text.size() : colon) - start);
        if (colon < 0 && mayEndInIpv4 && piece.contains('.')) {
            if (!isIpv4Address(piece))
                return -1;
            return pieces + 2;
        }
        if (!isH16(piece))
            return -1;
        ++pieces;
        if (colon < 0)
            return pieces;
        start = colon + 1;
    }
}

} // namespace

bool isValidIpv6Literal(QByteArrayView text)
{
    const qsizetype gap = text.indexOf("::");
    if (gap < 0)
        return countPieces(text, true) == 8;
    const QByteArrayView before = text.first(gap);
    const QByteArrayView after = text.sliced(gap + 2);
    if (after.contains("::"))
        return false;
    const int head = countPieces(before, false);
    const int tail = countPieces(after, true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
}

bool isValidHostField(QByteArrayView value)
{
    QByteArrayView rest = value;
    if (rest.startsWith('[')) {
        const qsizetype close = rest.indexOf(']');
        if (close < 0 || !isValidIpv6Literal(rest.sliced(1, close - 1)))
            return false;
        rest = rest.sliced(close + 1);
    } else {
        const qsizetype colon = rest.indexOf(':');
        const QByteArrayView host = colon < 0 ? rest : rest.first(colon);
        if (!isRegName(host))
            return false;
        rest = rest.sliced(host.size());
    }
    if (rest.isEmpty())
        return true;
    return rest.front() == ':' && isDigits(rest.sliced(1));
}

std::optional<QByteArray> percentDecoded(QByteArrayView text)
{
    QByteArray decoded;
    decoded.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '%') {
            decoded += c;
            continue;
        }
        if (!isPercentEscapeAt(text, i))
            return std::nullopt;
        decoded += char(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
        i += 2;
    }
    return decoded;
}

} // namespace Sluice::Uri
