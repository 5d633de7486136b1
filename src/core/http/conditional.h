#pragma once

#include <QByteArray>
#include <QDateTime>

#include "httprequest.h"

namespace Sluice {

// The validators of the current representation.
struct Validators
{
    QByteArray etag; // a strong entity tag including its quotes
    QDateTime lastModified; // whole seconds, UTC
};

enum class Precondition {
    Proceed, // evaluate the request normally
    NotModified, // 304
    Failed, // 412
};

// RFC 9110 §13.2.2 evaluation order for If-Match, If-Unmodified-Since, If-None-Match and
// If-Modified-Since. The resource exists whenever this is called.
Precondition evaluatePreconditions(const HttpRequest &request, const Validators &current);

// RFC 9110 §13.1.5: true when a Range may be honoured (no If-Range, or it matches exactly).
bool ifRangeAllowsPartial(const HttpRequest &request, const Validators &current);

namespace EntityTags {
// Strong comparison: both strong and identical opaque tags.
bool strongMatch(QByteArrayView a, QByteArrayView b);
// Weak comparison: opaque tags identical, W/ ignored.
bool weakMatch(QByteArrayView a, QByteArrayView b);
// The entity tags of a list field value, in order.
QList<QByteArrayView> splitTagList(QByteArrayView value);
// Does a field value ("*" or a list of entity tags) match the current tag?
bool listMatches(QByteArrayView fieldValue, QByteArrayView current, bool strong);
} // namespace EntityTags

} // namespace Sluice
