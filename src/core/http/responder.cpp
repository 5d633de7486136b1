#include "responder.h"

#include <algorithm>

#include <QLocale>
#include <QRandomGenerator>

#include "byterange.h"
#include "conditional.h"
#include "contentdisposition.h"
#include "digestfields.h"
#include "downloadcounter.h"
#include "httptokens.h"
#include "pagelanguages.h"
#include "previewagents.h"
#include "sharepage.h"
#include "shareregistry.h"
#include "sharerules.h"
#include "uricomponents.h"

namespace Sluice {
namespace {

bool isKnownMethod(QByteArrayView method)
{
    for (const char *known :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}) {
        if (method == QByteArrayView(known))
            return true;
    }
    return false;
}

QByteArray contentRange(const ByteRange &range, qint64 size)
{
    return "bytes " + QByteArray::number(range.first) + '-' + QByteArray::number(range.last) + '/'
        + QByteArray::number(size);
}

QByteArray newBoundary()
{
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    return "sluice-" + QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

BodyPiece literalPiece(const QByteArray &bytes)
{
    BodyPiece piece;
    piece.literal = bytes;
    return piece;
}

BodyPiece filePiece(const ByteRange &range)
{
    BodyPiece piece;
    piece.fileOffset = range.first;
    piece.fileLength = range.length();
    return piece;
}

Response notAllowed(const QByteArray &allowed)
{
    Response response = Response::error(405, "Only " + allowed + " are allowed", true);
    response.addHeader("Allow", allowed);
    return response;
}

// Pages allow nothing external and are never sniffed or sent on as a Referer (a ticket page's
// address is a credential).
// `private`: the page holds a ticket, which no cache may keep.
// A page speaks its request's language, so caches keep one copy per Accept-Language.
Response htmlResponse(int status, const QByteArray &html, const PageLanguage &language,
                      const HttpRequest &request, bool holdsTicket = false)
{
    Response response;
    response.status = status;
    response.mustClose = !request.wantsKeepAlive();
    response.headOnly = request.method == "HEAD";
    response.addHeader("Content-Type", "text/html; charset=utf-8");
    response.addHeader("Content-Security-Policy", SharePage::contentSecurityPolicy());
    response.addHeader("X-Content-Type-Options", "nosniff");
    response.addHeader("Referrer-Policy", "no-referrer");
    response.addHeader("Cache-Control", status == 200 && !holdsTicket ? "no-cache" : "no-store");
    response.addHeader("Content-Language", language.tag());
    response.addHeader("Vary", "Accept-Language");
    response.body.append(literalPiece(html));
    return response;
}

// The language of the pages answering `request`, whatever the process's own locale is.
const PageLanguage &pageLanguage(const HttpRequest &request)
{
    return PageLanguages::compiledIn().forAcceptLanguage(request.header("accept-language"));
}

// A short page for an error a browser sees, in its language.
Response messageResponse(int status, const HttpRequest &request, const char *title,
                         const char *text)
{
    const PageLanguage &language = pageLanguage(request);
    return htmlResponse(status,
                        SharePage::message(language.translate("SharePage", title),
                                           language.translate("SharePage", text), language),
                        language, request);
}

// A browser following a link or typing an address (rather than a download tool): it gets the
// password form instead of 401, which would raise the browser's own dialog.
bool isBrowserNavigation(const HttpRequest &request)
{
    if (HttpTokens::listContainsToken(request.header("sec-fetch-mode"), "navigate"))
        return true;
    return request.header("accept").toLower().contains("text/html");
}

Response tooManyWrongPasswords(const HttpRequest &request, qint64 retryAfterSeconds)
{
    Response response = isBrowserNavigation(request)
        ? messageResponse(429, request, QT_TRANSLATE_NOOP("SharePage", "Too many wrong passwords"),
                          QT_TRANSLATE_NOOP("SharePage", "Wait a minute, then try again."))
        : Response::error(429, "Too many wrong passwords, try again later",
                          !request.wantsKeepAlive());
    response.addHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return response;
}

// One field of an application/x-www-form-urlencoded body ('+' is a space there).
QByteArray formField(const QByteArray &body, QByteArrayView name)
{
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0 || QByteArrayView(pair).first(equals) != name)
            continue;
        QByteArray value = pair.sliced(equals + 1);
        value.replace('+', ' ');
        return Uri::percentDecoded(value).value_or(QByteArray());
    }
    return {};
}

// The share's file is being looked at on a worker: the request is parsed again when it answers.
Response waitForLook(const QByteArray &token)
{
    Response deferred;
    deferred.deferred = true;
    deferred.shareToken = token;
    return deferred;
}

// Waiting longer would hold the connection for a mount that may never answer.
Response notResponding(const HttpRequest &request)
{
    Response busy = Response::error(503, "The shared file is not responding, try again later",
                                    !request.wantsKeepAlive());
    busy.addHeader("Retry-After", "5");
    return busy;
}

// 410 for a share that expired or has no downloads left: the page says so and names nothing of
// the file (not its name, size or digest), to anyone.
Response gone(const HttpRequest &request, const char *title, const char *text)
{
    return messageResponse(410, request, title, text);
}

void addDigestHeaders(Response &response, const QByteArray &sha256)
{
    response.addHeader("Repr-Digest", DigestFields::reprDigest(sha256));
    response.addHeader("Digest", DigestFields::legacyDigest(sha256));
}

} // namespace

Responder::Responder(ShareRegistry &shares, ResponderOptions options,
                     const DownloadCounter *downloads)
    : m_shares(shares)
    , m_options(options)
    , m_downloads(downloads)
{
}

Response Responder::respond(const HttpRequest &request, const QHostAddress &client)
{
    if (!isKnownMethod(request.method))
        return Response::error(501, "The method " + request.method + " is not supported", true);

    // Routes: "/", "/<token>", "/<token>/" (the page), "/<token>/<name>" and its ".sha256",
    // where the name must be the share's: a link with another name is as unknown as one with
    // another token. "/<token>/<ticket>/" and below are the same with a password's ticket.
    const QByteArrayView path = request.path;
    const bool readOnly = request.method == "GET" || request.method == "HEAD";
    if (path == "/") {
        if (!readOnly)
            return notAllowed("GET, HEAD");
        return respondWithRoot(request);
    }
    const ShareTarget target = targetOf(path);
    if (!target.share)
        return Response::error(404, "There is nothing shared at this address",
                               !request.wantsKeepAlive());
    const Share &share = *target.share;
    // Before the password: an expired link has nothing to unlock. Its page, file, digest,
    // ranges and HEAD are all gone; transfers already running are not requests and go on.
    if (ShareRules::isExpired(share))
        return gone(request, QT_TRANSLATE_NOOP("SharePage", "Link expired"),
                    QT_TRANSLATE_NOOP("SharePage",
                                      "This link has expired. Ask the person sharing for a new "
                                      "one."));
    // Every download allowed is used up: clients that started one keep going (their resumes
    // and remaining segments), everyone else is told so.
    const QByteArray downloadClient = DownloadCounter::clientKey(client, target.ticket);
    if (ShareRules::capReached(share) && m_downloads
        && !m_downloads->hasStarted(share.token, downloadClient))
        return gone(request, QT_TRANSLATE_NOOP("SharePage", "No downloads left"),
                    QT_TRANSLATE_NOOP("SharePage",
                                      "This file has been downloaded as many times as the "
                                      "person sharing it allowed."));
    if (target.kind == ShareTarget::Kind::Page && request.method == "POST")
        return respondToUnlock(request, share, client);
    if (!readOnly)
        return notAllowed(target.kind == ShareTarget::Kind::Page ? "GET, HEAD, POST" : "GET, HEAD");
    if (target.kind == ShareTarget::Kind::Folder) {
        Response moved;
        moved.status = 301;
        moved.mustClose = !request.wantsKeepAlive();
        moved.addHeader("Location", '/' + share.token + '/');
        return moved;
    }

    QByteArray ticket;
    Response refusal;
    if (!admit(request, target, client, &ticket, &refusal))
        return refusal;
    const QByteArray token = share.token;
    switch (target.kind) {
    case ShareTarget::Kind::Page:
        return respondWithPage(request, token, ticket);
    case ShareTarget::Kind::Checksum:
        return respondWithChecksum(request, token);
    case ShareTarget::Kind::File:
    case ShareTarget::Kind::Folder:
        break;
    }
    Response response = respondWithShare(request, token);
    // A chat app fetching a preview of a pasted link is not someone downloading it.
    if (!PreviewAgents::isPreviewAgent(request.header("user-agent")))
        response.downloadClient = downloadClient;
    return response;
}

Responder::ShareTarget Responder::targetOf(QByteArrayView path) const
{
    using Kind = ShareTarget::Kind;
    if (!path.startsWith('/'))
        return {};
    const QByteArrayView rest = path.sliced(1);
    const qsizetype slash = rest.indexOf('/');
    const QByteArrayView tokenSegment = slash < 0 ? rest : rest.first(slash);
    QByteArrayView nameSegment = slash < 0 ? QByteArrayView() : rest.sliced(slash + 1);
    // Tokens are URL-safe: decoding is only needed for a client that escaped one anyway.
    const Share *share = nullptr;
    if (!tokenSegment.contains('%')) {
        share = m_shares.find(tokenSegment);
    } else if (const auto token = Uri::percentDecoded(tokenSegment)) {
        share = m_shares.find(*token);
    }
    if (!share)
        return {};
    if (slash < 0)
        return {Kind::Folder, share, {}};
    QByteArray ticket;
    if (const qsizetype ticketEnd = nameSegment.indexOf('/'); ticketEnd >= 0) {
        ticket = nameSegment.first(ticketEnd).toByteArray();
        nameSegment = nameSegment.sliced(ticketEnd + 1);
        if (ticket.isEmpty() || nameSegment.contains('/'))
            return {};
    }
    if (nameSegment.isEmpty())
        return {Kind::Page, share, ticket};
    // Clients escape names differently (%20 or not, upper or lower hex): compare what they mean.
    const std::optional<QByteArray> name = Uri::percentDecoded(nameSegment);
    if (!name)
        return {};
    const QByteArray shareName = share->name.toUtf8();
    if (*name == shareName)
        return {Kind::File, share, ticket};
    if (*name == shareName + ".sha256")
        return {Kind::Checksum, share, ticket};
    return {};
}

bool Responder::admit(const HttpRequest &request, const ShareTarget &target,
                      const QHostAddress &client, QByteArray *ticket, Response *refusal)
{
    const Share &share = *target.share;
    const bool mustClose = !request.wantsKeepAlive();
    if (!share.password.isSet()) {
        // A ticket from before the password was removed still opens the share; a forged one
        // names nothing.
        if (!target.ticket.isEmpty() && !m_gate.ticketValid(share, target.ticket)) {
            *refusal = Response::error(404, "There is nothing shared at this address", mustClose);
            return false;
        }
        *ticket = target.ticket;
        return true;
    }
    if (!target.ticket.isEmpty() && m_gate.ticketValid(share, target.ticket)) {
        *ticket = target.ticket;
        return true;
    }
    qint64 retryAfter = 0;
    switch (m_gate.checkBasic(share, request, client, &retryAfter)) {
    case PasswordGate::Verdict::Allowed:
        *ticket = m_gate.issueTicket(share);
        return true;
    case PasswordGate::Verdict::Limited:
        *refusal = tooManyWrongPasswords(request, retryAfter);
        return false;
    case PasswordGate::Verdict::Wrong:
    case PasswordGate::Verdict::Missing:
        break;
    }
    // Nothing about the share before it is unlocked: not its name, size, type or digest.
    if (isBrowserNavigation(request)) {
        // A form, not a 401: a browser would put up its own password dialog instead.
        const PageLanguage &language = pageLanguage(request);
        *refusal = htmlResponse(target.kind == ShareTarget::Kind::Page ? 200 : 403,
                                SharePage::passwordForm('/' + share.token + '/', false, language),
                                language, request);
        return false;
    }
    *refusal = Response::error(401, "A password is needed", mustClose);
    refusal->addHeader("WWW-Authenticate", "Basic realm=\"Sluice\", charset=\"UTF-8\"");
    return false;
}

Response Responder::respondToUnlock(const HttpRequest &request, const Share &share,
                                    const QHostAddress &client)
{
    if (request.contentLength > maxFormBodyBytes)
        return Response::error(413, "The form is larger than 1 KiB", true);
    Response response;
    response.mustClose = !request.wantsKeepAlive();
    const QByteArray page = '/' + share.token + '/';
    if (!share.password.isSet()) { // nothing to unlock: the page itself
        response.status = 303;
        response.addHeader("Location", page);
        return response;
    }
    qint64 retryAfter = 0;
    switch (m_gate.checkPassword(share, formField(request.body, "password"), client, &retryAfter)) {
    case PasswordGate::Verdict::Allowed:
        response.status = 303;
        response.addHeader("Location", page + m_gate.issueTicket(share) + '/');
        response.addHeader("Cache-Control", "no-store");
        return response;
    case PasswordGate::Verdict::Limited:
        return tooManyWrongPasswords(request, retryAfter);
    case PasswordGate::Verdict::Wrong:
    case PasswordGate::Verdict::Missing:
        break;
    }
    const PageLanguage &language = pageLanguage(request);
    return htmlResponse(403, SharePage::passwordForm(page, true, language), language, request);
}

Response Responder::respondWithPage(const HttpRequest &request, const QByteArray &token,
                                    const QByteArray &ticket) const
{
    const ShareRegistry::Look look = m_shares.look(token, false);
    if (look.outcome == ShareRegistry::Look::Outcome::Wait)
        return waitForLook(token);
    if (look.outcome == ShareRegistry::Look::Outcome::NotResponding)
        return notResponding(request);
    const Share *share = m_shares.find(token);
    if (!share || !look.identity.exists)
        return messageResponse(
            404, request, QT_TRANSLATE_NOOP("SharePage", "Not available"),
            QT_TRANSLATE_NOOP("SharePage", "The shared file is no longer available."));
    const QByteArray encodedName = encodePathSegment(share->name);
    const QByteArray base
        = '/' + token + '/' + (ticket.isEmpty() ? QByteArray() : QByteArray(ticket + '/'));
    SharePage::Content content;
    content.name = share->name;
    content.size = look.identity.size;
    content.mimeType = share->mimeType;
    content.modified = look.identity.lastModified();
    content.hashed = !share->archive;
    if (share->archive) {
        // The first entries only: the page stays small whatever the folder holds.
        constexpr qsizetype listedMembers = 40;
        const ZipLayout &layout = *share->archive->layout;
        for (qsizetype i = 0; i < std::min(layout.entryCount(), listedMembers); ++i)
            content.members.append(
                {QString::fromUtf8(layout.entry(i).name), layout.entry(i).size()});
        content.memberCount = layout.entryCount();
        content.fileCount = share->archive->fileCount;
        for (const FolderSnapshot::LeftOut &item : share->archive->leftOut)
            content.leftOut.append(item);
    }
    if (share->hasSha256For(look.identity))
        content.sha256 = share->sha256;
    else if (look.identity.size > 0)
        content.hashPercent
            = int(std::min<qint64>(100, share->hashedBytes * 100 / look.identity.size));
    if (request.hasHeader("host"))
        content.origin = "http://" + request.header("host");
    content.pagePath = '/' + token + '/'; // passed on without the ticket: it asks again
    content.filePath = base + encodedName;
    content.checksumPath = base + encodedName + ".sha256";
    const PageLanguage &language = pageLanguage(request);
    return htmlResponse(200, SharePage::page(content, language), language, request,
                        !ticket.isEmpty());
}

Response Responder::respondWithRoot(const HttpRequest &request) const
{
    const PageLanguage &language = pageLanguage(request);
    if (!m_options.listSharesAtRoot) {
        return htmlResponse(
            200,
            SharePage::message(QStringLiteral("Sluice"),
                               language.translate("SharePage",
                                                  "Files are shared by link. Ask the person "
                                                  "sharing for one."),
                               language),
            language, request);
    }
    QList<SharePage::IndexEntry> entries;
    for (const Share &share : m_shares.shares()) {
        if (ShareRules::isExpired(share))
            continue;
        SharePage::IndexEntry entry;
        entry.pagePath = '/' + share.token + '/';
        if (!share.password.isSet()) { // a protected share shows no name or size
            entry.name = share.name;
            entry.size = share.currentIdentity.size;
        }
        entries.append(entry);
    }
    return htmlResponse(200, SharePage::index(entries, language), language, request);
}

Response Responder::respondWithShare(const HttpRequest &request, const QByteArray &token) const
{
    const ShareRegistry::Look look = m_shares.look(token, request.method != "HEAD");
    if (look.outcome == ShareRegistry::Look::Outcome::Wait)
        return waitForLook(token);
    if (look.outcome == ShareRegistry::Look::Outcome::NotResponding)
        return notResponding(request);
    const BlobIdentity &identity = look.identity;
    const Share *share = m_shares.find(token);
    if (!identity.exists || !share)
        return Response::error(404, "The shared file is no longer available",
                               !request.wantsKeepAlive());

    // The look's identity is share->currentIdentity, with its headers formatted.
    const Validators validators {share->etag, identity.lastModified()};
    Response response;
    response.mustClose = !request.wantsKeepAlive();
    response.headOnly = request.method == "HEAD";
    response.addHeader("Last-Modified", share->lastModified);
    response.addHeader("ETag", share->etag);

    switch (evaluatePreconditions(request, validators)) {
    case Precondition::NotModified:
        response.status = 304;
        return response;
    case Precondition::Failed: {
        Response failed = Response::error(412, "The file has changed", response.mustClose);
        failed.headers = response.headers + failed.headers;
        return failed;
    }
    case Precondition::Proceed:
        break;
    }

    const qint64 size = identity.size;
    const QByteArray &mimeType = share->contentType;
    response.addHeader("Accept-Ranges", "bytes");
    // Only for the version that was hashed: a digest of other bytes would fail every check.
    const bool sendDigest = share->hasSha256For(identity) && DigestFields::acceptsSha256(request);
    response.addHeader("Content-Disposition", share->contentDisposition);
    response.shareToken = token;
    response.encodedFilePath = share->encodedPath;
    response.fileIdentity = identity;
    response.file = look.file; // the share keeps it open
    response.archive = share->archive;

    RangeRequest ranges;
    if (request.hasHeader("range") && ifRangeAllowsPartial(request, validators))
        ranges = resolveRange(request.header("range"), size);
    if (share->archive && ranges.outcome == RangeRequest::Outcome::Partial
        && !std::all_of(ranges.ranges.cbegin(), ranges.ranges.cend(), [&](const ByteRange &range) {
               return share->archive->canServeRange(range.first, range.last);
           })) {
        // A range holding a CRC that is not known yet: the whole archive (RFC 9110 lets a
        // server ignore Range), whose download computes the CRCs as it reads the members.
        ranges = RangeRequest();
    }

    switch (ranges.outcome) {
    case RangeRequest::Outcome::Full:
        response.status = 200;
        if (sendDigest)
            addDigestHeaders(response, share->sha256);
        response.addHeader("Content-Type", mimeType);
        if (size > 0)
            response.body.append(filePiece({0, size - 1}));
        return response;
    case RangeRequest::Outcome::Unsatisfiable: {
        Response unsatisfiable
            = Response::error(416, "The requested range is outside the file", response.mustClose);
        unsatisfiable.headers = response.headers + unsatisfiable.headers;
        unsatisfiable.addHeader("Content-Range", "bytes */" + QByteArray::number(size));
        return unsatisfiable;
    }
    case RangeRequest::Outcome::Partial:
        break;
    }

    response.status = 206;
    if (sendDigest)
        addDigestHeaders(response, share->sha256); // of the whole file, in every part's response
    if (ranges.ranges.size() == 1) {
        const ByteRange range = ranges.ranges.first();
        response.addHeader("Content-Type", mimeType);
        response.addHeader("Content-Range", contentRange(range, size));
        response.body.append(filePiece(range));
        response.rangeText
            = "bytes " + QByteArray::number(range.first) + '-' + QByteArray::number(range.last);
        return response;
    }
    // multipart/byteranges (RFC 9110 §14.6): each part has its own Content-Type and Content-Range.
    const QByteArray boundary = newBoundary();
    response.addHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
    QByteArray rangeText = "bytes ";
    for (const ByteRange &range : std::as_const(ranges.ranges)) {
        response.body.append(literalPiece("\r\n--" + boundary + "\r\nContent-Type: " + mimeType
                                          + "\r\nContent-Range: " + contentRange(range, size)
                                          + "\r\n\r\n"));
        response.body.append(filePiece(range));
        rangeText += QByteArray::number(range.first) + '-' + QByteArray::number(range.last) + ',';
    }
    rangeText.chop(1);
    response.rangeText = rangeText;
    response.body.append(literalPiece("\r\n--" + boundary + "--\r\n"));
    return response;
}

Response Responder::respondWithChecksum(const HttpRequest &request, const QByteArray &token) const
{
    const ShareRegistry::Look look = m_shares.look(token, false);
    if (look.outcome == ShareRegistry::Look::Outcome::Wait)
        return waitForLook(token);
    const Share *share = m_shares.find(token);
    if (!share || !look.identity.exists)
        return Response::error(404, "The shared file is no longer available",
                               !request.wantsKeepAlive());
    if (share->archive) // made on the fly: no SHA-256 is computed for a folder's archive
        return Response::error(404, "There is no checksum file for a folder",
                               !request.wantsKeepAlive());
    if (!share->hasSha256For(look.identity)) {
        Response busy = Response::error(503, "The checksum is being computed, try again shortly",
                                        !request.wantsKeepAlive());
        busy.addHeader("Retry-After", "5");
        return busy;
    }
    Response response;
    response.mustClose = !request.wantsKeepAlive();
    response.headOnly = request.method == "HEAD";
    response.addHeader("Content-Type", "text/plain; charset=utf-8");
    response.addHeader("Cache-Control", "no-cache");
    response.body.append(literalPiece(DigestFields::checksumLine(share->sha256, share->name)));
    return response;
}

} // namespace Sluice
