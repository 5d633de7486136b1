#include "httptokens.h"

#include <limits>

namespace Sluice::HttpTokens {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArrayView trimmed(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    return text.sliced(begin, end - begin);
}

QList<QByteArrayView> splitList(QByteArrayView text)
{
    QList<QByteArrayView> items;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype comma = text.indexOf(',', start);
        if (comma < 0)
            comma = text.size();
        const QByteArrayView item = trimmed(text.sliced(start, comma - start));
        if (!item.isEmpty())
            items.append(item);
        start = comma + 1;
    }
    return items;
}

bool listContainsToken(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView item : splitList(list)) {
        if (item.compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool parseDecimal(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty())
        return false;
    qint64 result = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        const int digit = c - '0';
        if (result > (std::numeric_limits<qint64>::max() - digit) / 10)
            return false;
        result = result * 10 + digit;
    }
    *value = result;
    return true;
}

} // namespace Sluice::HttpTokens
