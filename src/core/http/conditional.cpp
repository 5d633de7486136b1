#include "conditional.h"

#include "httpdate.h"
#include "httptokens.h"

namespace Sluice {
namespace {

bool isWeak(QByteArrayView tag)
{
    return tag.startsWith("W/");
}

QByteArrayView opaque(QByteArrayView tag)
{
    return isWeak(tag) ? tag.sliced(2) : tag;
}

bool isWellFormedTag(QByteArrayView tag)
{
    const QByteArrayView quoted = opaque(tag);
    return quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"'
        && !quoted.sliced(1, quoted.size() - 2).contains('"');
}

bool modifiedAfter(const QDateTime &lastModified, const QDateTime &since)
{
    return lastModified.toSecsSinceEpoch() > since.toSecsSinceEpoch();
}

} // namespace

namespace EntityTags {

bool strongMatch(QByteArrayView a, QByteArrayView b)
{
    return !isWeak(a) && !isWeak(b) && isWellFormedTag(a) && a == b;
}

bool weakMatch(QByteArrayView a, QByteArrayView b)
{
    return isWellFormedTag(a) && isWellFormedTag(b) && opaque(a) == opaque(b);
}

QList<QByteArrayView> splitTagList(QByteArrayView value)
{
    // A comma inside quotes belongs to the tag: etagc allows it (RFC 9110 §8.8.3).
    QList<QByteArrayView> tags;
    qsizetype i = 0;
    while (i < value.size()) {
        while (i < value.size() && (value[i] == ',' || value[i] == ' ' || value[i] == '\t'))
            ++i;
        const qsizetype start = i;
        bool quoted = false;
        for (; i < value.size() && (quoted || value[i] != ','); ++i) {
            if (value[i] == '"')
                quoted = !quoted;
        }
        if (i > start)
            tags.append(HttpTokens::trimmed(value.sliced(start, i - start)));
    }
    return tags;
}

bool listMatches(QByteArrayView fieldValue, QByteArrayView current, bool strong)
{
    if (HttpTokens::trimmed(fieldValue) == "*")
        return true;
    for (QByteArrayView tag : splitTagList(fieldValue)) {
        if (strong ? strongMatch(tag, current) : weakMatch(tag, current))
            return true;
    }
    return false;
}

} // namespace EntityTags

Precondition evaluatePreconditions(const HttpRequest &request, const Validators &current)
{
    const bool isGetOrHead = request.method == "GET" || request.method == "HEAD";
    if (request.hasHeader("if-match")) {
        if (!EntityTags::listMatches(request.header("if-match"), current.etag, true))
            return Precondition::Failed;
    } else if (request.hasHeader("if-unmodified-since")) {
        const auto since = HttpDate::parse(request.header("if-unmodified-since"));
        if (since && modifiedAfter(current.lastModified, *since))
            return Precondition::Failed;
    }
    if (request.hasHeader("if-none-match")) {
        if (EntityTags::listMatches(request.header("if-none-match"), current.etag, false))
            return isGetOrHead ? Precondition::NotModified : Precondition::Failed;
    } else if (isGetOrHead && request.hasHeader("if-modified-since")) {
        const auto since = HttpDate::parse(request.header("if-modified-since"));
        if (since && !modifiedAfter(current.lastModified, *since))
            return Precondition::NotModified;
    }
    return Precondition::Proceed;
}

bool ifRangeAllowsPartial(const HttpRequest &request, const Validators &current)
{
    if (!request.hasHeader("if-range"))
        return true;
    const QByteArray field = request.header("if-range");
    const QByteArrayView value = HttpTokens::trimmed(field);
    if (value.startsWith('"') || value.startsWith("W/"))
        return EntityTags::strongMatch(value, current.etag);
    const auto date = HttpDate::parse(value);
    return date && date->toSecsSinceEpoch() == current.lastModified.toSecsSinceEpoch();
}

} // namespace Sluice
