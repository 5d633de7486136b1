// Request-head parser: whole, and cut at every byte as a socket may deliver it.
#include <cstdint>
#include <cstdlib>

#include "requestparser.h"

using namespace Sluice;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void checkConsistentSplits(QByteArrayView data, const ParserLimits &limits)
{
    const ParseResult whole = parseRequestHead(data, limits);
    switch (whole.status) {
    case ParseResult::Status::Complete:
        check(whole.consumed > 0 && whole.consumed <= data.size());
        check(!whole.request.method.isEmpty());
        break;
    case ParseResult::Status::Bad:
        check(whole.errorStatus == 400 || whole.errorStatus == 414 || whole.errorStatus == 431
              || whole.errorStatus == 501 || whole.errorStatus == 505);
        check(!whole.errorReason.isEmpty());
        break;
    case ParseResult::Status::Incomplete:
        break;
    }
    // What a prefix says must agree with what the whole says: the server parses the bytes
    // received so far each time more arrive.
    for (qsizetype cut = 0; cut < data.size(); ++cut) {
        const ParseResult prefix = parseRequestHead(data.first(cut), limits);
        if (prefix.status == ParseResult::Status::Complete) {
            check(whole.status == ParseResult::Status::Complete);
            check(prefix.consumed == whole.consumed);
            check(prefix.request.method == whole.request.method);
            check(prefix.request.target == whole.request.target);
            check(prefix.request.headers == whole.request.headers);
        } else if (prefix.status == ParseResult::Status::Bad) {
            check(whole.status == ParseResult::Status::Bad);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    if (size > 4096)
        return 0; // every cut is parsed: keep inputs to the size of real request heads
    const QByteArrayView data(reinterpret_cast<const char *>(bytes), qsizetype(size));
    checkConsistentSplits(data, ParserLimits {});
    ParserLimits tight;
    tight.maxHeadBytes = 256;
    tight.maxRequestLineBytes = 64;
    tight.maxHeaderFields = 4;
    checkConsistentSplits(data, tight);
    return 0;
}
