#include "responsewriter.h"

#include <cerrno>

#include <QLoggingCategory>

#include "archivereader.h"
#include "clientsocket.h"
#include "downloadcounter.h"
#include "fileworkers.h"
#include "httprequest.h"
#include "passwordgate.h"
#include "pumpscheduler.h"
#include "response.h"
#include "serversettings.h"
#include "shareregistry.h"
#include "transfertracker.h"

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Sluice {
namespace {

// Bodies up to this size go out with their head at once, coalesced into one segment; larger
// ones leave their head at once and their body to the scheduler.
constexpr qint64 smallBodyBytes = 64 * 1024;

// Where each stretch of the body comes from in the file.
QList<DownloadCounter::Span> fileSpans(const QList<BodyPiece> &body)
{
    QList<DownloadCounter::Span> spans;
    qint64 bodyOffset = 0;
    for (const BodyPiece &piece : body) {
        if (piece.isFile())
            spans.append({bodyOffset, piece.fileOffset, piece.fileLength});
        bodyOffset += piece.length();
    }
    return spans;
}

} // namespace

ResponseWriter::ResponseWriter(ClientSocket &socket, const ConnectionContext &context,
                               const QHostAddress &peerAddress, quint16 peerPort, QObject *owner,
                               std::function<void()> chunkReady)
    : m_socket(socket)
    , m_context(context)
    , m_peerAddress(peerAddress)
    , m_peerPort(peerPort)
    , m_peerText(peerAddress.toString().toLatin1())
    , m_owner(owner)
    , m_chunkReady(std::move(chunkReady))
{
}

ResponseWriter::~ResponseWriter() = default;

void ResponseWriter::start(const Response &response, const HttpRequest *request, bool keepAlive,
                           const QByteArray &unparsedRequestLine)
{
    const QByteArray head
        = response.serializeHead(keepAlive, request && !request->isHttp11OrLater());

    m_access = {};
    m_access.peer = m_peerText;
    m_access.time = QDateTime::currentDateTimeUtc(); // local time is for the log line only
    m_access.status = response.status;
    // Set before anything is sent: a small response is sent, and logged, before start returns.
    if (request) {
        // Tickets are credentials: the log keeps where a request went, not the key it used.
        m_access.requestLine = PasswordGate::maskTickets(request->requestLine());
        m_access.referer = PasswordGate::maskTickets(request->header("referer"));
        m_access.userAgent = request->header("user-agent");
    } else {
        m_access.requestLine = unparsedRequestLine;
    }
    m_closeAfterResponse = !keepAlive;
    m_headBytes = head.size();
    m_acceptedBytes = 0;
    m_handedBytes = 0;
    m_bodyLength = response.headOnly ? 0 : response.bodyLength();
    m_status = response.status;
    m_shareToken = response.shareToken;
    ++m_responseSerial;
    const QList<BodyPiece> body = response.headOnly ? QList<BodyPiece>() : response.body;
    if (response.archive)
        m_output = std::make_unique<ArchiveReader>(head, body, response.archive,
                                                   response.fileIdentity.device);
    else
        m_output = std::make_unique<BodyReader>(head, body, response.encodedFilePath,
                                                response.fileIdentity, response.file);

    if (response.readsFile() && !response.headOnly
        && (response.status == 200 || response.status == 206)) {
        Transfer transfer;
        transfer.peerAddress = m_peerAddress;
        transfer.peerPort = m_peerPort;
        transfer.shareToken = response.shareToken;
        if (const Share *share = m_context.shares->find(response.shareToken))
            transfer.fileName = share->name;
        transfer.range = response.rangeText;
        transfer.bytesDue = m_bodyLength;
        transfer.fileSize = response.fileIdentity.size;
        const QList<DownloadCounter::Span> spans = fileSpans(body);
        transfer.fileOffset = spans.size() == 1 ? spans.constFirst().fileOffset : -1;
        // The tracker asks on its timer, and once more when the transfer ends (before the
        // socket is released), never after: the writer outlives every transfer it began.
        m_transferId
            = m_context.transfers->begin(transfer, [this] { return bodyBytesDelivered(); });
        if (m_context.downloads && !response.downloadClient.isEmpty())
            m_context.downloads->track(m_transferId, response.shareToken, response.downloadClient,
                                       response.fileIdentity, spans);
    }
}

qint64 ResponseWriter::bodyBytesDelivered() const
{
    const qint64 unacknowledged = m_socket.unacknowledgedBytes();
    if (unacknowledged < 0)
        return -1;
    // The queue may still hold the tail of an earlier response on this connection: the clamp
    // counts none of it as this one's.
    return std::clamp<qint64>(m_handedBytes - unacknowledged - m_headBytes, 0, m_bodyLength);
}

bool ResponseWriter::sendsAtOnce() const
{
    return m_output && (m_output->atLiteral() || m_bodyLength <= smallBodyBytes);
}

ResponseWriter::Outcome ResponseWriter::sendStep(qint64 chunkSize)
{
    // A whole chunk per send unless the scheduler asks for less (many clients sharing the round,
    // or the last turns of a response while others wait): smaller steps cost more in system
    // calls than they save in cache misses (measured with bench/, 64 KiB steps doubled the CPU
    // per GiB of a single download).
    if (m_output->atEnd())
        return complete(); // the check after the last chunk passed
    const qint64 maxBytes
        = m_context.scheduler->turnBytes(chunkSize, m_headBytes + m_bodyLength - m_acceptedBytes);
    const ResponseBody::Segment segment = m_output->current(maxBytes);
    if (segment.pending) {
        // Skipped until a worker has the chunk in memory: never waited for on the loop.
        prepareChunk();
        return Outcome::Waiting;
    }
    // A small body goes out with its head in one system call; a large one leaves its head
    // alone, at once, and waits for its turn.
    ResponseBody::Segment next
        = segment.error == Transfer::Error::None && m_bodyLength <= smallBodyBytes
        ? m_output->following(maxBytes)
        : ResponseBody::Segment {};
    if (next.pending)
        next = {}; // the head goes alone; the body follows once it is ready
    for (const ResponseBody::Segment *failed :
         {&segment, static_cast<const ResponseBody::Segment *>(&next)}) {
        if (failed->error != Transfer::Error::None)
            return cutShort(*failed);
    }
    // Under a bandwidth cap a turn sends what its tokens allow; the rest of a prepared chunk
    // goes in later turns without another look at the file.
    const qint64 allowance = m_context.scheduler->sendAllowance();
    ResponseBody::Segment first = segment;
    if (first.bytes.size() >= allowance) {
        first.bytes = first.bytes.first(allowance);
        next = {};
    } else if (next.bytes.size() > allowance - first.bytes.size()) {
        next.bytes = next.bytes.first(allowance - first.bytes.size());
    }
    const qint64 length = first.bytes.size() + next.bytes.size();
    const qint64 accepted = next.bytes.isEmpty() ? m_socket.send(first.bytes)
                                                 : m_socket.send(first.bytes, next.bytes);
    if (accepted == ClientSocket::broken && m_socket.lastError() == EFAULT) {
        // The mapped file shrank under the send, after this chunk's check.
        ResponseBody::Segment truncated;
        truncated.error = Transfer::Error::FileTruncated;
        truncated.reason.kind = EndReason::Kind::FileTruncated;
        return cutShort(truncated);
    }
    if (accepted == ClientSocket::broken)
        return Outcome::Broken;
    if (accepted > 0) {
        m_output->advance(accepted);
        recordProgress(accepted);
    }
    if (m_output->atEnd())
        return complete();
    prepareChunk(); // a body that reads ahead has the next chunk made while this one goes out
    return accepted < length ? Outcome::Blocked : Outcome::Sent;
}

ResponseWriter::Outcome ResponseWriter::complete()
{
    end(Transfer::State::Completed, Transfer::Error::None, {});
    m_output.reset();
    return Outcome::Completed;
}

void ResponseWriter::prepareChunk()
{
    std::shared_ptr<WorkerJob> job = m_output->takePreparation();
    if (!job)
        return;
    const quint64 serial = m_responseSerial;
    m_context.workers->run(
        m_output->device(), [job] { job->run(); }, m_owner,
        [this, job, serial] {
            // The owner (the connection) outlives this writer; a late answer for an earlier
            // response, or one after the connection ended, changes nothing.
            if (serial != m_responseSerial || !m_output)
                return;
            m_output->completePreparation(*job);
            m_chunkReady();
        });
}

ResponseWriter::Outcome ResponseWriter::cutShort(const ResponseBody::Segment &failed)
{
    if (failed.error == Transfer::Error::FileChanged || failed.error == Transfer::Error::FileRemoved
        || failed.error == Transfer::Error::FileTruncated)
        m_context.shares->reportArchiveChanged(m_shareToken, failed.reason.text());
    qCInfo(lcHttp, "ending response to %s: %s", m_peerText.constData(),
           qPrintable(failed.reason.text()));
    end(Transfer::State::Failed, failed.error, failed.reason);
    return Outcome::CutShort;
}

void ResponseWriter::recordProgress(qint64 bytesAccepted)
{
    const qint64 before = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    m_acceptedBytes += bytesAccepted;
    m_handedBytes += bytesAccepted;
    const qint64 after = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    if (m_transferId != 0 && after > before)
        m_context.transfers->addBytesSent(m_transferId, after - before, m_output->bufferedBytes());
}

void ResponseWriter::end(Transfer::State state, Transfer::Error error, const EndReason &reason)
{
    if (m_transferId == 0 && m_access.status == 0)
        return; // ended already
    if (state != Transfer::State::Completed && m_output)
        retractUndelivered();
    if (m_transferId != 0) {
        const quint64 id = std::exchange(m_transferId, 0);
        m_context.transfers->finish(id, state, error, reason);
    }
    logAccess();
}

void ResponseWriter::retractUndelivered()
{
    // The reset that follows drops what the kernel has not sent yet: the transfer and the access
    // log count only what went on the wire.
    const qint64 undelivered = std::min(m_socket.unsentBytes(), m_acceptedBytes);
    if (undelivered <= 0)
        return;
    const qint64 before = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    m_acceptedBytes -= undelivered;
    const qint64 after = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    if (m_transferId != 0 && after < before)
        m_context.transfers->discardBytes(m_transferId, before - after);
}

void ResponseWriter::logAccess()
{
    if (m_access.status == 0)
        return;
    m_access.bodyBytes = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    m_context.accessLog->write(m_access);
    m_access = {}; // one line per response, and nothing kept while idle
}

} // namespace Sluice
