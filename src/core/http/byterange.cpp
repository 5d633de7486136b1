#include "byterange.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "httptokens.h"

namespace Sluice {
namespace {

struct RangeSpec
{
    std::optional<qint64> first;
    std::optional<qint64> last; // with no first, this is a suffix length
};

std::optional<RangeSpec> parseSpec(QByteArrayView text)
{
    const qsizetype dash = text.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    const QByteArrayView before = text.first(dash);
    const QByteArrayView after = text.sliced(dash + 1);
    RangeSpec spec;
    qint64 value = 0;
    if (!before.isEmpty()) {
        if (!HttpTokens::parseDecimal(before, &value))
            return std::nullopt;
        spec.first = value;
    }
    if (!after.isEmpty()) {
        if (!HttpTokens::parseDecimal(after, &value))
            return std::nullopt;
        spec.last = value;
    }
    if (!spec.first && !spec.last)
        return std::nullopt;
    if (spec.first && spec.last && *spec.last < *spec.first)
        return std::nullopt;
    return spec;
}

std::optional<ByteRange> resolveSpec(const RangeSpec &spec, qint64 size)
{
    if (!spec.first) {
        const qint64 suffix = *spec.last;
        if (suffix == 0 || size == 0)
            return std::nullopt;
        return ByteRange {std::max<qint64>(0, size - suffix), size - 1};
    }
    if (*spec.first >= size)
        return std::nullopt;
    const qint64 last = spec.last ? std::min(*spec.last, size - 1) : size - 1;
    return ByteRange {*spec.first, last};
}

} // namespace

RangeRequest resolveRange(QByteArrayView header, qint64 size, const RangeLimits &limits)
{
    RangeRequest full;
    const QByteArrayView value = HttpTokens::trimmed(header);
    const qsizetype equals = value.indexOf('=');
    if (equals < 0)
        return full;
    if (HttpTokens::trimmed(value.first(equals)).compare("bytes", Qt::CaseInsensitive) != 0)
        return full; // an unknown range unit is ignored
    const QList<QByteArrayView> items = HttpTokens::splitList(value.sliced(equals + 1));
    if (items.isEmpty() || items.size() > limits.maxRangeSpecs)
        return full;

    QList<ByteRange> ranges;
    qint64 requestedBytes = 0;
    for (QByteArrayView item : items) {
        const auto spec = parseSpec(item);
        if (!spec)
            return full; // one bad spec makes the whole field invalid, so it is ignored
        if (const auto range = resolveSpec(*spec, size)) {
            ranges.append(*range);
            // Saturating: a hundred ranges of a huge file must not overflow.
            requestedBytes = range->length() > std::numeric_limits<qint64>::max() - requestedBytes
                ? std::numeric_limits<qint64>::max()
                : requestedBytes + range->length();
        }
    }
    if (ranges.isEmpty())
        return {RangeRequest::Outcome::Unsatisfiable, {}};

    // Many overlapping ranges ask for the same bytes again and again: answer in full instead.
    if (ranges.size() > 2 && requestedBytes - size > size) // requestedBytes > 2 * size
        return full;

    std::sort(ranges.begin(), ranges.end(),
              [](const ByteRange &a, const ByteRange &b) { return a.first < b.first; });
    QList<ByteRange> merged;
    for (const ByteRange &range : ranges) {
        // Coalesce overlapping and adjacent ranges (RFC 9110 §15.3.7.2 allows this).
        if (!merged.isEmpty() && range.first <= merged.last().last + 1)
            merged.last().last = std::max(merged.last().last, range.last);
        else
            merged.append(range);
    }
    if (merged.size() > limits.maxParts)
        return full;
    return {RangeRequest::Outcome::Partial, merged};
}

} // namespace Sluice
