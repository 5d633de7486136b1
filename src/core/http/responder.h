#pragma once

#include <QHostAddress>

#include "httprequest.h"
#include "passwordgate.h"
#include "response.h"

namespace Sluice {

class DownloadCounter;
class ShareRegistry;
struct Share;

struct ResponderOptions
{
    bool listSharesAtRoot = false; // --index: "/" lists the shares with links
};

// Maps a parsed request to a response over the share registry: routing, the landing page,
// passwords, validators, preconditions and ranges. It looks at the file's metadata but never
// reads its content.
class Responder
{
public:
    // `downloads` (optional) tells which clients may go on once a share's cap is reached.
    Responder(ShareRegistry &shares, ResponderOptions options,
              const DownloadCounter *downloads = nullptr);

    // A request for a share whose file a worker has not looked at recently is deferred (see
    // ShareRegistry::look); one whose look does not answer gets 503 with Retry-After.
    // `client` counts wrong passwords per address.
    Response respond(const HttpRequest &request, const QHostAddress &client = {});
    void setOptions(ResponderOptions options) { m_options = options; }
    PasswordGate &passwordGate() { return m_gate; }

    static constexpr qint64 maxFormBodyBytes = 1024;

private:
    // What a path names below a share.
    struct ShareTarget
    {
        enum class Kind {
            Folder, // "/<token>": redirected to the page
            Page, // "/<token>/"
            File, // "/<token>/<its name>"
            Checksum, // "/<token>/<its name>.sha256"
        };
        Kind kind = Kind::File;
        const Share *share = nullptr;
        // "/<token>/<ticket>/...": the unlock a link carries; empty when none.
        QByteArray ticket;
    };
    // Null share: the path names nothing shared.
    ShareTarget targetOf(QByteArrayView path) const;
    // Whether the request may see the share; `*ticket` is then the ticket its links carry
    // (empty for a share without a password). Otherwise `*refusal` is the answer.
    bool admit(const HttpRequest &request, const ShareTarget &target, const QHostAddress &client,
               QByteArray *ticket, Response *refusal);
    Response respondWithShare(const HttpRequest &request, const QByteArray &token) const;
    Response respondWithChecksum(const HttpRequest &request, const QByteArray &token) const;
    Response respondWithPage(const HttpRequest &request, const QByteArray &token,
                             const QByteArray &ticket) const;
    Response respondToUnlock(const HttpRequest &request, const Share &share,
                             const QHostAddress &client);
    Response respondWithRoot(const HttpRequest &request) const;

    ShareRegistry &m_shares;
    ResponderOptions m_options;
    const DownloadCounter *m_downloads;
    PasswordGate m_gate;
};

} // namespace Sluice
