#pragma once

#include <optional>

#include <QByteArray>
#include <QByteArrayView>

// Pure checks on the parts of a URI that reach us in a request (RFC 3986).
namespace Sluice::Uri {

// A Host field value (RFC 9112 §3.2: uri-host [ ":" port ]). The host is a reg-name (which
// includes IPv4 dotted quads), possibly empty, or a bracketed IPv6 literal; IPvFuture literals
// are refused, as no client sends them. The port is digits and may be empty ("host:"), as
// RFC 3986 §3.2.3 allows.
bool isValidHostField(QByteArrayView value);

// RFC 3986 IPv6address, without brackets.
bool isValidIpv6Literal(QByteArrayView text);

// Decodes %XX escapes; nullopt when a '%' is not followed by two hex digits. '+' stays '+':
// it means a space only in form data, never in a path.
std::optional<QByteArray> percentDecoded(QByteArrayView text);

} // namespace Sluice::Uri
