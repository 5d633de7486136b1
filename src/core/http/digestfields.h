#pragma once

#include <QByteArray>

#include "httprequest.h"

namespace Sluice::DigestFields {

// Whether the client lets a SHA-256 digest be sent: only a Want-Repr-Digest (RFC 9530) or
// Want-Digest (RFC 3230) that gives sha-256 a weight of 0 refuses it.
bool acceptsSha256(const HttpRequest &request);
// "sha-256=:BASE64:" (RFC 9530 Repr-Digest, a structured-field byte sequence).
QByteArray reprDigest(const QByteArray &sha256);
// "SHA-256=BASE64" (RFC 3230 Digest, which aria2c checks across all its segments).
QByteArray legacyDigest(const QByteArray &sha256);
// A line of `sha256sum` output for `name`, which `sha256sum -c` reads back: names with a
// backslash or a line break are escaped the way GNU coreutils does.
QByteArray checksumLine(const QByteArray &sha256, const QString &name);

} // namespace Sluice::DigestFields
