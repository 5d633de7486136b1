#pragma once

#include <QByteArrayView>
#include <QList>

namespace Sluice {

// An inclusive byte range [first, last] within a representation.
struct ByteRange
{
    qint64 first = 0;
    qint64 last = 0;
    qint64 length() const { return last - first + 1; }
    friend bool operator==(const ByteRange &, const ByteRange &) = default;
};

struct RangeRequest
{
    enum class Outcome {
        Full, // no usable Range header (absent, unknown unit, bad syntax, abusive): send 200
        Partial, // one or more satisfiable ranges: send 206
        Unsatisfiable, // valid syntax, nothing inside the representation: send 416
    };
    Outcome outcome = Outcome::Full;
    QList<ByteRange> ranges; // ascending and disjoint after coalescing
};

struct RangeLimits
{
    int maxRangeSpecs = 100; // more specs than this is treated as abuse and answered in full
    int maxParts = 16; // more parts left after coalescing is answered in full
};

// Parses a Range header value and resolves it against a representation of the given size
// (RFC 9110 §14.1–14.2). Never fails: bad input degrades to Outcome::Full.
RangeRequest resolveRange(QByteArrayView header, qint64 size, const RangeLimits &limits = {});

} // namespace Sluice
