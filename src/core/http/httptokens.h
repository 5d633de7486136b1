#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Sluice::HttpTokens {

// RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c);
bool isToken(QByteArrayView text);
// Optional whitespace: space and horizontal tab.
QByteArrayView trimmed(QByteArrayView text);
// Splits a #list on commas, trims elements and drops empty ones (RFC 9110 §5.6.1).
QList<QByteArrayView> splitList(QByteArrayView text);
// Case-insensitive membership test for comma-separated token lists such as Connection.
bool listContainsToken(QByteArrayView list, QByteArrayView token);
// Parses a non-empty run of ASCII digits that fits in qint64; anything else fails.
bool parseDecimal(QByteArrayView text, qint64 *value);

} // namespace Sluice::HttpTokens
