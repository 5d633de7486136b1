#pragma once

#include <QByteArray>
#include <QString>

namespace Sluice {

// `attachment; filename="ASCII fallback"; filename*=UTF-8''percent-encoded` (RFC 6266, RFC 8187).
QByteArray contentDispositionAttachment(const QString &fileName);

// The ASCII-only stand-in used in the quoted filename parameter.
QByteArray asciiFallbackFileName(const QString &fileName);

// The name as a single percent-encoded path segment, for links (spaces as %20).
QByteArray encodePathSegment(const QString &segment);

} // namespace Sluice
