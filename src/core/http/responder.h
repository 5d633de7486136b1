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

    // A request for a share whose file a worker has not looked at recently is deferred (see
    // ShareRegistry::look); one whose look does not answer gets 503 with Retry-After.
    Response respond(const HttpRequest &request) const;
    void setOptions(ResponderOptions options) { m_options = options; }

private:
    // The share a path names ("/<token>", "/<token>/" or "/<token>/<its name>"), or null.
    const Share *shareNamedBy(QByteArrayView path) const;
    Response respondWithShare(const HttpRequest &request, const QByteArray &token) const;
    Response respondWithRoot(const HttpRequest &request) const;

    ShareRegistry &m_shares;
    ResponderOptions m_options;
};

} // namespace Sluice
