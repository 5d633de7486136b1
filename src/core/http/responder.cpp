#include "responder.h"

#include <algorithm>

#include <QLocale>
#include <QRandomGenerator>

#include "byterange.h"
#include "conditional.h"
#include "shareregistry.h"
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

QByteArray htmlPage(const QString &title, const QString &bodyHtml)
{
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%1</title></head>\n<body>\n%2</body></html>\n")
        .arg(title.toHtmlEscaped(), bodyHtml)
        .toUtf8();
}

} // namespace

Responder::Responder(ShareRegistry &shares, ResponderOptions options)
    : m_shares(shares)
    , m_options(options)
{
}

Response Responder::respond(const HttpRequest &request) const
{
    if (!isKnownMethod(request.method))
        return Response::error(501, "The method " + request.method + " is not supported", true);

    // Routes: "/", "/<token>", "/<token>/" and "/<token>/<name>", where the name must be the
    // share's: a link with another name is as unknown as one with another token.
    const QByteArrayView path = request.path;
    if (path == "/") {
        if (request.method != "GET" && request.method != "HEAD") {
            Response response = Response::error(405, "Only GET and HEAD are allowed", true);
            response.addHeader("Allow", "GET, HEAD");
            return response;
        }
        return respondWithRoot(request);
    }
    if (const Share *share = shareNamedBy(path))
        return respondWithShare(request, QByteArray(share->token));
    return Response::error(404, "There is nothing shared at this address",
                           !request.wantsKeepAlive());
}

const Share *Responder::shareNamedBy(QByteArrayView path) const
{
    if (!path.startsWith('/'))
        return nullptr;
    const QByteArrayView rest = path.sliced(1);
    const qsizetype slash = rest.indexOf('/');
    const QByteArrayView tokenSegment = slash < 0 ? rest : rest.first(slash);
    const QByteArrayView nameSegment = slash < 0 ? QByteArrayView() : rest.sliced(slash + 1);
    if (nameSegment.contains('/'))
        return nullptr;
    // Tokens are URL-safe: decoding is only needed for a client that escaped one anyway.
    const Share *share = nullptr;
    if (!tokenSegment.contains('%')) {
        share = m_shares.find(tokenSegment);
    } else if (const auto token = Uri::percentDecoded(tokenSegment)) {
        share = m_shares.find(*token);
    }
    if (!share || nameSegment.isEmpty())
        return share;
    // Clients escape names differently (%20 or not, upper or lower hex): compare what they mean.
    const std::optional<QByteArray> name = Uri::percentDecoded(nameSegment);
    return name && *name == share->name.toUtf8() ? share : nullptr;
}

Response Responder::respondWithRoot(const HttpRequest &request) const
{
    QString body = QObject::tr("<h1>Sluice</h1>\n");
    if (!m_options.listSharesAtRoot) {
        body += QObject::tr("<p>Files are shared by link. Ask the person sharing for one.</p>\n");
    } else {
        body += QStringLiteral("<ul>\n");
        const QLocale locale = QLocale::c();
        for (const Share &share : m_shares.shares()) {
            body += QStringLiteral("<li><a href=\"%1\">%2</a> (%3)</li>\n")
                        .arg(QString::fromLatin1(share.linkPath()), share.name.toHtmlEscaped(),
                             locale.formattedDataSize(share.currentIdentity.size));
        }
        body += QStringLiteral("</ul>\n");
    }
    Response response;
    response.addHeader("Content-Type", "text/html; charset=utf-8");
    response.addHeader("Cache-Control", "no-cache");
    response.body.append(literalPiece(htmlPage(QStringLiteral("Sluice"), body)));
    response.headOnly = request.method == "HEAD";
    response.mustClose = !request.wantsKeepAlive();
    return response;
}

Response Responder::respondWithShare(const HttpRequest &request, const QByteArray &token) const
{
    if (request.method != "GET" && request.method != "HEAD") {
        Response response = Response::error(405, "Only GET and HEAD are allowed", true);
        response.addHeader("Allow", "GET, HEAD");
        return response;
    }
    const ShareRegistry::Look look = m_shares.look(token, request.method != "HEAD");
    if (look.outcome == ShareRegistry::Look::Outcome::Wait) {
        Response deferred;
        deferred.deferred = true;
        deferred.shareToken = token;
        return deferred;
    }
    if (look.outcome == ShareRegistry::Look::Outcome::NotResponding) {
        // Waiting longer would hold the connection for a mount that may never answer.
        Response busy = Response::error(503, "The shared file is not responding, try again later",
                                        !request.wantsKeepAlive());
        busy.addHeader("Retry-After", "5");
        return busy;
    }
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

} // namespace Sluice
