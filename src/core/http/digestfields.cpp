#include "digestfields.h"

#include <QString>

#include "httptokens.h"

namespace Sluice::DigestFields {
namespace {

// RFC 9530 §4: "sha-256=0" (a structured-field dictionary member with an integer weight).
bool reprWantRefuses(QByteArrayView value)
{
    for (QByteArrayView member : HttpTokens::splitList(value)) {
        const qsizetype equals = member.indexOf('=');
        if (equals < 0)
            continue;
        const QByteArray key = HttpTokens::trimmed(member.first(equals)).toByteArray().toLower();
        qint64 weight = -1;
        if (key == "sha-256"
            && HttpTokens::parseDecimal(HttpTokens::trimmed(member.sliced(equals + 1)), &weight)
            && weight == 0)
            return true;
    }
    return false;
}

// RFC 3230 §4.3.1: "SHA-256;q=0" (q-values, as in Accept).
bool legacyWantRefuses(QByteArrayView value)
{
    for (QByteArrayView member : HttpTokens::splitList(value)) {
        const qsizetype semicolon = member.indexOf(';');
        const QByteArray algorithm
            = HttpTokens::trimmed(semicolon < 0 ? member : member.first(semicolon))
                  .toByteArray()
                  .toLower();
        if (algorithm != "sha-256" || semicolon < 0)
            continue;
        const QByteArray parameter
            = HttpTokens::trimmed(member.sliced(semicolon + 1)).toByteArray().toLower();
        if (parameter == "q=0" || parameter == "q=0." || parameter == "q=0.0"
            || parameter == "q=0.00" || parameter == "q=0.000")
            return true;
    }
    return false;
}

} // namespace

bool acceptsSha256(const HttpRequest &request)
{
    return !reprWantRefuses(request.header("want-repr-digest"))
        && !legacyWantRefuses(request.header("want-digest"));
}

QByteArray reprDigest(const QByteArray &sha256)
{
    return "sha-256=:" + sha256.toBase64() + ':';
}

QByteArray legacyDigest(const QByteArray &sha256)
{
    return "SHA-256=" + sha256.toBase64();
}

QByteArray checksumLine(const QByteArray &sha256, const QString &name)
{
    QByteArray encodedName = name.toUtf8();
    const bool escaped
        = encodedName.contains('\\') || encodedName.contains('\n') || encodedName.contains('\r');
    if (escaped) {
        encodedName.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return '\\' + sha256.toHex() + "  " + encodedName + '\n';
    }
    return sha256.toHex() + "  " + encodedName + '\n';
}

} // namespace Sluice::DigestFields
