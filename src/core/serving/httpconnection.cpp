#include "httpconnection.h"

#include <QLoggingCategory>

#include "clientblocklist.h"
#include "monotonicclock.h"
#include "responder.h"
#include "serversettings.h"
#include "shareregistry.h"

Q_LOGGING_CATEGORY(lcHttp, "sluice.http", QtInfoMsg)

namespace Sluice {
namespace {

// After the last byte of a closing response, keep reading (and dropping) what the client still
// sends for a moment: closing with unread input makes the kernel send RST, which can destroy the
// response before the client reads it.
constexpr auto lingerTimeout = std::chrono::milliseconds(2'000);

} // namespace

HttpConnection::HttpConnection(int descriptor, const ConnectionContext &context, QObject *parent)
    : QObject(parent)
    , m_socket(descriptor, *context.poller)
    , m_context(context)
    , m_reader(m_socket, context.settings->maxHeadBytes)
    , m_writer(m_socket, context, m_socket.peerAddress(), m_socket.peerPort(), this,
               [this] {
                   if (m_phase == Phase::Sending)
                       m_context.scheduler->markReady(this);
               })
    , m_peerAddress(m_socket.peerAddress())
{
    m_context.scheduler->attach(this, m_peerAddress);
    connect(&m_socket, &ClientSocket::readable, this, &HttpConnection::handleReadable);
    connect(&m_socket, &ClientSocket::writable, this, &HttpConnection::handleWritable);
    armTimer(context.settings->requestHeadTimeout);
}

HttpConnection::~HttpConnection()
{
    m_context.scheduler->leave(this);
    m_writer.end(Transfer::State::Failed, Transfer::Error::ServerStopped,
                 {EndReason::Kind::ServerStopped});
    releaseSocket();
}

void HttpConnection::armTimer(std::chrono::milliseconds timeout)
{
    m_deadlineMs = monotonicMs() + timeout.count();
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
    // Nothing is read from a refused connection (reading is what the cap saves), so this is the
    // one response whose log line has no request line: "-".
    startResponse(busy, nullptr);
}

void HttpConnection::close()
{
    if (m_phase == Phase::Closed)
        return;
    m_writer.end(Transfer::State::ClientGone, Transfer::Error::None,
                 {EndReason::Kind::ClientClosed});
    releaseSocket();
    m_phase = Phase::Closed;
    m_deadlineMs = 0;
    m_writer.release();
    m_context.scheduler->forget(this);
    Q_EMIT closed();
}

bool HttpConnection::cancelTransfer(quint64 transferId, Transfer::State state,
                                    Transfer::Error error, const EndReason &reason)
{
    if (transferId == 0 || transferId != m_writer.transferId())
        return false;
    m_writer.end(state, error, reason);
    close();
    return true;
}

bool HttpConnection::setPaused(quint64 transferId, bool paused)
{
    if (transferId == 0 || transferId != m_writer.transferId() || m_phase != Phase::Sending)
        return false;
    if (paused == m_paused)
        return true;
    m_paused = paused;
    if (paused) {
        // No turns, and no stall deadline: a paused client is not a stalled one.
        m_context.scheduler->forget(this);
        m_deadlineMs = 0;
    } else {
        armTimer(m_context.settings->stallTimeout);
        m_context.scheduler->markReady(this);
    }
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
    if (m_phase == Phase::ReadingHead && !m_waitingForShare)
        m_context.scheduler->markInputReady(this);
    else
        m_socket.setReadNotifications(false);
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

void HttpConnection::processInput()
{
    if (m_phase == Phase::ReadingHead)
        processRequests();
}

void HttpConnection::processRequests()
{
    if (m_processing)
        return;
    m_processing = true;
    const ServerSettings &settings = *m_context.settings;
    using Kind = RequestReader::Next::Kind;
    // A small response goes out at once, so pipelined requests are answered in one go.
    while (m_phase == Phase::ReadingHead) {
        RequestReader::Next next = m_reader.next();
        if (next.kind == Kind::Broken || next.kind == Kind::Ended) {
            close(); // the client is gone, or done with nothing left to answer
            break;
        }
        if (next.kind == Kind::Incomplete) {
            if (m_reader.hasPartialHead() && !m_headTimerRunning) {
                // The whole head must arrive within the timeout, however slowly it trickles in.
                armTimer(settings.requestHeadTimeout);
                m_headTimerRunning = true;
            }
            break;
        }
        if (next.kind == Kind::Bad) {
            qCDebug(lcHttp, "bad request from %s: %d %s", qPrintable(m_peerAddress.toString()),
                    next.errorStatus, next.errorReason.constData());
            startResponse(Response::error(next.errorStatus, next.errorReason, true), nullptr,
                          next.requestLine);
            break;
        }
        const HttpRequest &request = next.request;
        const bool bodyTooLarge = request.contentLength > settings.maxDiscardedBodyBytes;
        const bool blocked = m_context.blocklist && m_context.blocklist->contains(m_peerAddress);
        const Response response = blocked ? Response::error(403, "This address is blocked", true)
            : bodyTooLarge ? Response::error(413, "Request bodies are not accepted", true)
                           : m_context.responder->respond(request, m_peerAddress);
        if (response.deferred) {
            waitForShare(response.shareToken); // parsed again when the look answers
            break;
        }
        m_reader.acceptRequest();
        m_headTimerRunning = false;
        if (!bodyTooLarge)
            m_reader.discardBody(request.contentLength - request.body.size());
        startResponse(response, &request);
        if (bodyTooLarge || blocked)
            break;
    }
    // Wait for the rest, or for the next request; after the end of the stream there is none.
    // A request waiting for a look leaves the rest in the kernel.
    if (m_phase == Phase::ReadingHead)
        m_socket.setReadNotifications(!m_reader.inputEnded() && !m_waitingForShare);
    m_processing = false;
}

void HttpConnection::startResponse(const Response &response, const HttpRequest *request,
                                   const QByteArray &unparsedRequestLine)
{
    const bool keepAlive
        = request && !response.mustClose && request->wantsKeepAlive() && !m_reader.inputEnded();
    m_phase = Phase::Sending;
    m_paused = false;
    m_writer.start(response, request, keepAlive, unparsedRequestLine);
    armTimer(m_context.settings->stallTimeout);
    // The head goes out at once, and so does a small body; large bodies wait for their turn.
    while (m_phase == Phase::Sending && m_writer.sendsAtOnce()) {
        if (!sendStep())
            return;
    }
    if (m_phase == Phase::Sending) {
        m_writer.deferRest(); // the next chunk goes out in a later pass
        m_context.scheduler->markReady(this);
    }
}

bool HttpConnection::pumpOneChunk()
{
    return m_phase == Phase::Sending && !m_paused && m_writer.isSending() && sendStep();
}

bool HttpConnection::sendStep()
{
    const qint64 acceptedBefore = m_writer.bytesAccepted();
    const ResponseWriter::Outcome outcome = m_writer.sendStep(m_context.settings->chunkSize);
    m_context.scheduler->charge(this,
                                std::max<qint64>(0, m_writer.bytesAccepted() - acceptedBefore));
    switch (outcome) {
    case ResponseWriter::Outcome::Sent:
        armTimer(m_context.settings->stallTimeout);
        return true;
    case ResponseWriter::Outcome::Waiting:
        return false; // a file worker's answer marks the connection ready again
    case ResponseWriter::Outcome::Blocked:
        if (m_writer.bytesAccepted() > acceptedBefore)
            armTimer(m_context.settings->stallTimeout);
        // The kernel's buffer is full: wait for room, holding at most the unsent rest of a step.
        m_socket.notifyWhenWritable();
        return false;
    case ResponseWriter::Outcome::Completed:
        finishResponse();
        return false;
    case ResponseWriter::Outcome::CutShort:
        // Before Content-Length is reached, with a reset: the client never sees a complete
        // response.
    case ResponseWriter::Outcome::Broken:
        close();
        return false;
    }
    return false;
}

void HttpConnection::handleWritable()
{
    if (m_phase == Phase::Sending)
        m_context.scheduler->markReady(this);
}

void HttpConnection::finishResponse()
{
    m_context.scheduler->forget(this);
    if (m_writer.closeAfterResponse()) {
        shutdownAndLinger();
        return;
    }
    m_phase = Phase::ReadingHead;
    m_headTimerRunning = false;
    armTimer(m_context.settings->keepAliveTimeout);
    processRequests();
}

void HttpConnection::releaseSocket()
{
    // A response that did not complete (cancelled, stalled, cut short, server stopping) is reset:
    // the client cannot use it, and what is still queued would only be retransmitted to a client
    // that stopped reading or is gone. A complete response keeps the graceful close.
    if (m_phase == Phase::Sending)
        m_socket.abort();
    else
        m_socket.close();
}

void HttpConnection::shutdownAndLinger()
{
    if (m_phase == Phase::Lingering || m_phase == Phase::Closed)
        return;
    m_phase = Phase::Lingering;
    m_writer.release();
    m_reader.clear();
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
        if (m_headTimerRunning && m_reader.hasPartialHead()) {
            startResponse(Response::error(408, "The request head did not arrive in time", true),
                          nullptr, m_reader.takeFirstLine());
            return;
        }
        close(); // idle keep-alive connection: close quietly, as nginx does
        return;
    case Phase::Sending:
        if (m_writer.awaitsWorker())
            m_writer.end(Transfer::State::Failed, Transfer::Error::ReadFailed,
                         {EndReason::Kind::FileNotAnswering});
        else
            m_writer.end(Transfer::State::Failed, Transfer::Error::Stalled,
                         {EndReason::Kind::ClientStoppedReading});
        close();
        return;
    case Phase::Lingering:
    case Phase::Closed:
        close();
        return;
    }
}

} // namespace Sluice
