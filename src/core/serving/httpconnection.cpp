#include "httpconnection.h"

#include <cerrno>

#include <QLoggingCategory>

#include "fileworkers.h"
#include "requestparser.h"
#include "responder.h"
#include "serversettings.h"
#include "shareregistry.h"
#include "transfertracker.h"

Q_LOGGING_CATEGORY(lcHttp, "sluice.http", QtInfoMsg)

namespace Sluice {
namespace {

// After the last byte of a closing response, keep reading (and dropping) what the client still
// sends for a moment: closing with unread input makes the kernel send RST, which can destroy the
// response before the client reads it.
constexpr auto lingerTimeout = std::chrono::milliseconds(2'000);
constexpr qsizetype loggedRequestLineLimit = 256;
// Bodies up to this size go out with their head at once, coalesced into one segment; larger
// ones leave their head at once and their body to the scheduler.
constexpr qint64 smallBodyBytes = 64 * 1024;

QByteArray firstLineOf(const QByteArray &buffer)
{
    qsizetype end = buffer.indexOf('\n');
    if (end < 0)
        end = buffer.size();
    QByteArray line = buffer.left(std::min(end, loggedRequestLineLimit));
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

HttpConnection::HttpConnection(int descriptor, const ConnectionContext &context, QObject *parent)
    : QObject(parent)
    , m_socket(descriptor, *context.poller)
    , m_context(context)
    , m_peerAddress(m_socket.peerAddress())
    , m_peerText(m_peerAddress.toString().toLatin1())
    , m_peerPort(m_socket.peerPort())
{
    connect(&m_socket, &ClientSocket::readable, this, &HttpConnection::handleReadable);
    connect(&m_socket, &ClientSocket::writable, this, &HttpConnection::handleWritable);
    armTimer(context.settings->requestHeadTimeout);
}

HttpConnection::~HttpConnection()
{
    m_context.scheduler->forget(this);
    endResponse(Transfer::State::Failed, Transfer::Error::ServerStopped, tr("the server stopped"));
}

qint64 HttpConnection::nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void HttpConnection::armTimer(std::chrono::milliseconds timeout)
{
    m_deadlineMs = nowMs() + timeout.count();
}

void HttpConnection::checkDeadline(qint64 now)
{
    if (m_deadlineMs != 0 && now >= m_deadlineMs) {
        m_deadlineMs = 0;
        handleTimeout();
    }
}

void HttpConnection::rejectAsBusy()
{
    Response busy = Response::error(503, "Too many connections, try again shortly", true);
    busy.addHeader("Retry-After", "2"); // download managers wait this long before retrying
    startResponse(busy, nullptr);
    m_access.requestLine = "-";
}

void HttpConnection::close()
{
    if (m_phase == Phase::Closed)
        return;
    endResponse(Transfer::State::ClientGone, Transfer::Error::None,
                tr("the client closed the connection"));
    m_phase = Phase::Closed;
    m_socket.close();
    m_deadlineMs = 0;
    m_output.reset();
    m_context.scheduler->forget(this);
    Q_EMIT closed();
}

bool HttpConnection::cancelTransfer(quint64 transferId, Transfer::State state,
                                    Transfer::Error error, const QString &reason)
{
    if (transferId == 0 || transferId != m_transferId)
        return false;
    endResponse(state, error, reason);
    close();
    return true;
}

void HttpConnection::handleReadable()
{
    if (m_phase == Phase::Lingering) {
        // Drop what the client still sends; its end of stream ends the connection.
        char scratch[4096];
        qint64 got = 0;
        while ((got = m_socket.receive(scratch, sizeof scratch)) > 0) { }
        if (got == ClientSocket::endOfStream || got == ClientSocket::broken)
            close();
        return;
    }
    // Parsing waits for the scheduler's pass, so a burst of requests cannot stall the loop. The
    // notifier stays on meanwhile (switching it costs the event loop a wake-up each way); while a
    // response is being sent, pipelined requests wait in the kernel with the notifier off.
    if (m_phase == Phase::ReadingHead)
        m_context.scheduler->markInputReady(this);
    else
        m_socket.setReadNotifications(false);
}

bool HttpConnection::readInto(QByteArray &buffer, qint64 maxBytes, bool *drained)
{
    // A stack buffer, then exactly what arrived: no per-connection slack for idle connections.
    char scratch[16 * 1024 + 1];
    *drained = false;
    while (maxBytes > 0) {
        const qint64 asked = std::min<qint64>(maxBytes, sizeof scratch);
        const qint64 got = m_socket.receive(scratch, asked);
        if (got == ClientSocket::wouldBlock) {
            *drained = true;
            return true;
        }
        if (got == ClientSocket::endOfStream) {
            m_inputEnded = true;
            *drained = true;
            return true;
        }
        if (got == ClientSocket::broken) {
            close();
            return false;
        }
        buffer.append(scratch, got);
        maxBytes -= got;
        if (got < asked) {
            // A short read took all there was: no second call just to hear EAGAIN. Anything
            // arriving later (even the end of the stream) wakes the notifier again.
            *drained = true;
            return true;
        }
    }
    return true;
}

void HttpConnection::processInput()
{
    if (m_phase == Phase::ReadingHead && !m_waitingForShare)
        processBuffer();
}

void HttpConnection::waitForShare(const QByteArray &token)
{
    m_waitingForShare = connect(m_context.shares, &ShareRegistry::shareChecked, this,
                                [this, token](const QByteArray &checked) {
                                    if (checked != token)
                                        return;
                                    disconnect(std::exchange(m_waitingForShare, {}));
                                    m_context.scheduler->markInputReady(this);
                                });
}

void HttpConnection::processBuffer()
{
    if (m_processing)
        return;
    m_processing = true;
    const ServerSettings &settings = *m_context.settings;
    ParserLimits limits;
    limits.maxHeadBytes = settings.maxHeadBytes;

    bool drained = false;
    while (m_phase == Phase::ReadingHead) {
        if (m_discardBytes > 0) {
            const qint64 fromBuffer = std::min<qint64>(m_discardBytes, m_buffer.size());
            m_buffer.remove(0, fromBuffer);
            m_discardBytes -= fromBuffer;
            if (m_discardBytes > 0) {
                QByteArray dropped;
                if (!readInto(dropped, m_discardBytes, &drained))
                    break;
                m_discardBytes -= dropped.size();
                if (m_discardBytes > 0)
                    break;
            }
        }
        const qint64 room = limits.maxHeadBytes + 1 - m_buffer.size();
        if (room > 0 && !drained && !readInto(m_buffer, room, &drained))
            break;
        if (m_buffer.isEmpty()) {
            if (m_inputEnded)
                close(); // the client is done and nothing is left to answer
            break;
        }
        if (!m_headTimerRunning) {
            // The whole head must arrive within the timeout, however slowly it trickles in.
            armTimer(settings.requestHeadTimeout);
            m_headTimerRunning = true;
        }

        ParseResult parsed = parseRequestHead(m_buffer, limits);
        if (parsed.status == ParseResult::Status::Bad) {
            qCDebug(lcHttp, "bad request from %s: %d %s", qPrintable(m_peerAddress.toString()),
                    parsed.errorStatus, parsed.errorReason.constData());
            answerBadRequest(parsed.errorStatus, parsed.errorReason);
            break;
        }
        if (parsed.status == ParseResult::Status::Incomplete) {
            m_buffer.remove(0, parsed.consumed);
            if (m_inputEnded) {
                close(); // half a request and then the end: nothing can be answered
                break;
            }
            if (!drained && m_buffer.size() <= limits.maxHeadBytes)
                continue;
            break;
        }
        const HttpRequest &request = parsed.request;
        const bool bodyTooLarge = request.contentLength > settings.maxDiscardedBodyBytes;
        const Response response = bodyTooLarge
            ? Response::error(413, "Request bodies are not accepted", true)
            : m_context.responder->respond(request);
        if (response.deferred) {
            waitForShare(response.shareToken); // parsed again when the look answers
            break;
        }
        m_buffer.remove(0, parsed.consumed);
        if (m_buffer.isEmpty())
            m_buffer = QByteArray(); // idle keep-alive connections hold no buffer
        m_headTimerRunning = false;
        if (!bodyTooLarge)
            m_discardBytes = request.contentLength;
        startResponse(response, &request);
        if (bodyTooLarge)
            break;
    }
    // Wait for the rest, or for the next request; after the end of the stream there is none.
    // A request waiting for a look leaves the rest in the kernel.
    if (m_phase == Phase::ReadingHead)
        m_socket.setReadNotifications(!m_inputEnded && !m_waitingForShare);
    m_processing = false;
}

void HttpConnection::answerBadRequest(int status, const QByteArray &reason)
{
    const QByteArray line = firstLineOf(m_buffer);
    m_buffer.clear();
    startResponse(Response::error(status, reason, true), nullptr);
    m_access.requestLine = line;
}

void HttpConnection::startResponse(const Response &response, const HttpRequest *request)
{
    const bool keepAlive
        = request && !response.mustClose && request->wantsKeepAlive() && !m_inputEnded;
    const QByteArray head
        = response.serializeHead(keepAlive, request && !request->isHttp11OrLater());

    m_access = {};
    m_access.peer = m_peerText;
    m_access.time = QDateTime::currentDateTimeUtc(); // local time is for the log line only
    m_access.status = response.status;
    if (request) {
        m_access.requestLine = request->requestLine();
        m_access.referer = request->header("referer");
        m_access.userAgent = request->header("user-agent");
    }
    m_closeAfterResponse = !keepAlive;
    m_headBytes = head.size();
    m_acceptedBytes = 0;
    m_bodyLength = response.headOnly ? 0 : response.bodyLength();
    m_responseStatus = response.status;
    m_shareToken = response.shareToken;
    m_phase = Phase::Sending;
    ++m_preparationSerial;
    m_output = std::make_unique<BodyReader>(
        head, response.headOnly ? QList<BodyPiece>() : response.body, response.encodedFilePath,
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
        m_transferId = m_context.transfers->begin(transfer);
    }
    armTimer(m_context.settings->stallTimeout);
    // The head goes out at once, and so does a small body; large bodies wait for their turn.
    while (m_phase == Phase::Sending && m_output
           && (m_output->atLiteral() || m_bodyLength <= smallBodyBytes)) {
        if (!pumpOneChunk())
            return;
    }
    if (m_phase == Phase::Sending) {
        m_output->identityAged(); // the next chunk goes out in a later pass
        m_context.scheduler->markReady(this);
    }
}

bool HttpConnection::pumpOneChunk()
{
    if (m_phase != Phase::Sending || !m_output)
        return false;
    // A whole chunk per send unless the scheduler asks for less (many clients sharing the round,
    // or the last turns of a response while others wait): smaller steps cost more in system
    // calls than they save in cache misses (measured with bench/, 64 KiB steps doubled the CPU
    // per GiB of a single download).
    const qint64 step = m_context.scheduler->turnBytes(
        m_context.settings->chunkSize, m_headBytes + m_bodyLength - m_acceptedBytes);
    return sendStep(step).outcome == StepResult::Sent;
}

void HttpConnection::prepareChunk()
{
    std::shared_ptr<ChunkJob> job = m_output->takePreparation();
    if (!job)
        return;
    const quint64 serial = m_preparationSerial;
    m_context.workers->run(
        m_output->device(), [job] { job->run(); }, this,
        [this, job, serial] {
            if (serial != m_preparationSerial || m_phase != Phase::Sending || !m_output)
                return;
            m_output->completePreparation(*job);
            m_context.scheduler->markReady(this);
        });
}

HttpConnection::StepResult HttpConnection::sendStep(qint64 maxBytes)
{
    if (m_output->atEnd()) {
        finishResponse(); // the check after the last chunk passed
        return {StepResult::Ended, 0};
    }
    const BodyReader::Segment segment = m_output->current(maxBytes);
    if (segment.pending) {
        // Skipped until a worker has the chunk in memory: never waited for on the loop.
        prepareChunk();
        return {StepResult::Waiting, 0};
    }
    // A small body goes out with its head in one system call; a large one leaves its head
    // alone, at once, and waits for its turn.
    BodyReader::Segment next
        = segment.error == Transfer::Error::None && m_bodyLength <= smallBodyBytes
        ? m_output->following(maxBytes)
        : BodyReader::Segment {};
    if (next.pending)
        next = {}; // the head goes alone; the body follows once it is ready
    for (const BodyReader::Segment *failed :
         {&segment, static_cast<const BodyReader::Segment *>(&next)}) {
        if (failed->error == Transfer::Error::None)
            continue;
        qCInfo(lcHttp, "ending response to %s: %s", qPrintable(m_peerAddress.toString()),
               qPrintable(failed->errorText));
        endResponse(Transfer::State::Failed, failed->error, failed->errorText);
        // Close before Content-Length is reached: the client sees a short body, never wrong bytes.
        shutdownAndLinger();
        return {StepResult::Ended, 0};
    }
    const qint64 length = segment.bytes.size() + next.bytes.size();
    const qint64 accepted = next.bytes.isEmpty() ? m_socket.send(segment.bytes)
                                                 : m_socket.send(segment.bytes, next.bytes);
    if (accepted == ClientSocket::broken && m_socket.lastError() == EFAULT) {
        // The mapped file shrank under the send, after this chunk's check.
        endResponse(Transfer::State::Failed, Transfer::Error::FileTruncated,
                    tr("the file was truncated"));
        shutdownAndLinger();
        return {StepResult::Ended, 0};
    }
    if (accepted == ClientSocket::broken) {
        close(); // ends the response as "client gone"
        return {StepResult::Ended, 0};
    }
    if (accepted > 0) {
        m_output->advance(accepted);
        recordProgress(accepted);
        armTimer(m_context.settings->stallTimeout);
    }
    if (m_output->atEnd()) {
        finishResponse();
        return {StepResult::Ended, accepted};
    }
    if (accepted < length) {
        // The kernel's buffer is full: wait for room, holding at most the unsent rest of a step.
        m_socket.notifyWhenWritable();
        return {StepResult::Blocked, accepted};
    }
    return {StepResult::Sent, accepted};
}

void HttpConnection::handleWritable()
{
    if (m_phase == Phase::Sending)
        m_context.scheduler->markReady(this);
}

void HttpConnection::recordProgress(qint64 bytesAccepted)
{
    const qint64 before = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    m_acceptedBytes += bytesAccepted;
    const qint64 after = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    if (m_transferId != 0 && after > before)
        m_context.transfers->addBytesSent(m_transferId, after - before, m_output->bufferedBytes());
}

void HttpConnection::finishResponse()
{
    if (m_transferId != 0 && m_responseStatus == 200)
        m_context.shares->recordCompletedDownload(m_shareToken);
    endResponse(Transfer::State::Completed, Transfer::Error::None, {});
    m_output.reset();
    m_context.scheduler->forget(this);
    if (m_closeAfterResponse) {
        shutdownAndLinger();
        return;
    }
    m_phase = Phase::ReadingHead;
    m_headTimerRunning = false;
    armTimer(m_context.settings->keepAliveTimeout);
    processBuffer();
}

void HttpConnection::endResponse(Transfer::State state, Transfer::Error error,
                                 const QString &reason)
{
    if (m_transferId != 0) {
        const quint64 id = std::exchange(m_transferId, 0);
        m_context.transfers->finish(id, state, error, reason);
    }
    logAccess();
}

void HttpConnection::logAccess()
{
    if (m_access.status == 0)
        return;
    m_access.bodyBytes = std::clamp<qint64>(m_acceptedBytes - m_headBytes, 0, m_bodyLength);
    m_context.accessLog->write(m_access);
    m_access = {}; // one line per response, and nothing kept while idle
}

void HttpConnection::shutdownAndLinger()
{
    if (m_phase == Phase::Lingering || m_phase == Phase::Closed)
        return;
    m_phase = Phase::Lingering;
    m_output.reset();
    m_buffer = QByteArray();
    m_context.scheduler->forget(this);
    // Half-close: the client reads our last byte and then sees the end of the stream.
    m_socket.shutdownWrite();
    m_socket.setReadNotifications(true);
    armTimer(lingerTimeout);
}

void HttpConnection::handleTimeout()
{
    switch (m_phase) {
    case Phase::ReadingHead:
        if (m_headTimerRunning && !m_buffer.isEmpty()) {
            answerBadRequest(408, "The request head did not arrive in time");
            return;
        }
        close(); // idle keep-alive connection: close quietly, as nginx does
        return;
    case Phase::Sending:
        if (m_output && m_output->awaitsWorker())
            endResponse(Transfer::State::Failed, Transfer::Error::ReadFailed,
                        tr("the file stopped answering"));
        else
            endResponse(Transfer::State::Failed, Transfer::Error::Stalled,
                        tr("the client stopped reading"));
        close();
        return;
    case Phase::Lingering:
    case Phase::Closed:
        close();
        return;
    }
}

} // namespace Sluice
