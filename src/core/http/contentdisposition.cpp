#include "contentdisposition.h"

#include <QUrl>

namespace Sluice {

QByteArray asciiFallbackFileName(const QString &fileName)
{
    // Decompose so that "é" falls back to "e" rather than to a placeholder.
    const QString decomposed = fileName.normalized(QString::NormalizationForm_KD);
    QByteArray fallback;
    fallback.reserve(decomposed.size());
    for (QChar c : decomposed) {
        const char16_t u = c.unicode();
        if (c.isMark())
            continue;
        if (u < 0x20 || u == 0x7f || u >= 0x80)
            fallback += '_';
        else if (u == '"' || u == '\\')
            fallback += '_'; // quoted-pairs are mishandled by several user agents; avoid them
        else
            fallback += char(u);
    }
    if (fallback.isEmpty())
        fallback = "download";
    return fallback;
}

QByteArray contentDispositionAttachment(const QString &fileName)
{
    // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_"
    // / "`" / "|" / "~". toPercentEncoding keeps the unreserved set; add the rest.
    const QByteArray encoded = QUrl::toPercentEncoding(fileName, "!#$&+^`|");
    return "attachment; filename=\"" + asciiFallbackFileName(fileName) + "\"; filename*=UTF-8''"
        + encoded;
}

QByteArray encodePathSegment(const QString &segment)
{
    return QUrl::toPercentEncoding(segment);
}

} // namespace Sluice
