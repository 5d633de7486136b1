#pragma once

#include "httprequest.h"

namespace Sluice {

struct ParserLimits
{
    qsizetype maxHeadBytes = 16 * 1024; // request line plus header fields
    qsizetype maxRequestLineBytes = 8 * 1024;
    qsizetype maxHeaderFields = 100;
};

struct ParseResult
{
    enum class Status {
        Incomplete, // need more bytes
        Complete, // request holds a full head; consumed bytes can be dropped
        Bad, // answer errorStatus and close
    };
    Status status = Status::Incomplete;
    HttpRequest request;
    qsizetype consumed = 0;
    int errorStatus = 0; // 400, 414, 431, 501 or 505 when status is Bad
    QByteArray errorReason; // a short human-readable explanation for the error body
};

// Parses one request head from the start of the bytes received so far (RFC 9112 §2–§6).
// Pure: no sockets, no state; call again with more bytes while it says Incomplete.
ParseResult parseRequestHead(QByteArrayView data, const ParserLimits &limits = {});

// Extracts the path from an origin-form or absolute-form target; empty when neither.
QByteArray pathOfTarget(QByteArrayView target);

} // namespace Sluice
