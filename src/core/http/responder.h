#pragma once

#include "httprequest.h"
#include "response.h"

namespace Sluice {

class ShareRegistry;
struct Share;

struct ResponderOptions
{
    bool listSharesAtRoot = false; // --index: "/" lists the shares with links
};

// Maps a parsed request to a response over the share registry: routing, validators,
// preconditions and ranges. It looks at the file's metadata but never reads its content.
class Responder
{
public:
    Responder(ShareRegistry &shares, ResponderOptions options);

    // `round` is the scheduler's input round (see PumpScheduler::inputRound): requests answered
    // in one round share one look at each file; 0 looks every time.
    Response respond(const HttpRequest &request, quint64 round = 0) const;
    void setOptions(ResponderOptions options) { m_options = options; }

private:
    // The share a path names ("/<token>", "/<token>/" or "/<token>/<its name>"), or null.
    const Share *shareNamedBy(QByteArrayView path) const;
    Response respondWithShare(const HttpRequest &request, const QByteArray &token,
                              quint64 round) const;
    Response respondWithRoot(const HttpRequest &request) const;

    ShareRegistry &m_shares;
    ResponderOptions m_options;
};

} // namespace Sluice
