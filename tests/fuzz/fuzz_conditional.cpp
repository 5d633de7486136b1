// Preconditions, entity-tag comparison and HTTP dates. Input lines: the current entity tag,
// then If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since and If-Range values.
#include <cstdint>
#include <cstdlib>

#include "conditional.h"
#include "httpdate.h"

using namespace Sluice;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const QList<QByteArray> lines = input.split('\n');

    for (const QByteArray &line : lines) {
        // Dates that parse format back to a form that parses to the same instant.
        if (const std::optional<QDateTime> date = HttpDate::parse(line)) {
            const std::optional<QDateTime> again = HttpDate::parse(HttpDate::format(*date));
            check(again.has_value() && *again == *date);
        }
    }
    const QByteArray a = lines.value(0);
    const QByteArray b = lines.value(1);
    check(EntityTags::strongMatch(a, b) == EntityTags::strongMatch(b, a));
    check(EntityTags::weakMatch(a, b) == EntityTags::weakMatch(b, a));
    check(!EntityTags::strongMatch(a, b) || EntityTags::weakMatch(a, b));

    Validators current;
    // A well-formed strong tag: etagc is %x21 / %x23-7E / obs-text.
    QByteArray opaque;
    for (char c : a.left(64)) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0x21 || (u >= 0x23 && u != 0x7f))
            opaque += c;
    }
    current.etag = '"' + opaque + '"';
    current.lastModified = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    HttpRequest request;
    request.method = "GET";
    const char *names[]
        = {"if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range"};
    for (int i = 0; i < 5; ++i) {
        if (lines.size() > i + 1)
            request.headers.append({names[i], lines[i + 1]});
    }
    const Precondition outcome = evaluatePreconditions(request, current);
    check(outcome == Precondition::Proceed || outcome == Precondition::NotModified
          || outcome == Precondition::Failed);
    (void)ifRangeAllowsPartial(request, current);
    // The representation's own tag always satisfies If-Match and never If-None-Match.
    HttpRequest own;
    own.method = "GET";
    own.headers.append({"if-match", current.etag});
    check(evaluatePreconditions(own, current) == Precondition::Proceed);
    return 0;
}
