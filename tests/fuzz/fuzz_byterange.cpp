// Range header parsing and resolution: the first 8 bytes are the representation size.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "byterange.h"

using namespace Sluice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    if (size < 8)
        return 0;
    qint64 length = 0;
    std::memcpy(&length, bytes, 8);
    if (length < 0)
        length = -(length + 1);
    const QByteArrayView header(reinterpret_cast<const char *>(bytes) + 8, qsizetype(size - 8));
    RangeLimits limits;
    const RangeRequest request = resolveRange(header, length, limits);
    switch (request.outcome) {
    case RangeRequest::Outcome::Full:
        break;
    case RangeRequest::Outcome::Unsatisfiable:
        if (!request.ranges.isEmpty())
            std::abort();
        break;
    case RangeRequest::Outcome::Partial:
        if (request.ranges.isEmpty() || request.ranges.size() > limits.maxParts)
            std::abort();
        for (qsizetype i = 0; i < request.ranges.size(); ++i) {
            const ByteRange &range = request.ranges[i];
            // Inside the representation, ascending and disjoint.
            if (range.first < 0 || range.first > range.last || range.last >= length)
                std::abort();
            if (i > 0 && request.ranges[i - 1].last >= range.first)
                std::abort();
        }
        break;
    }
    return 0;
}
