#pragma once

#include <functional>
#include <memory>

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>

#include "accesslog.h"
#include "bodyreader.h"
#include "connectioncontext.h"
#include "transfer.h"

namespace Sluice {

class ClientSocket;
struct HttpRequest;
struct Response;

// The writing half of a connection: sends one response (head, then body a step at a time as the
// pump scheduler allows), keeps its transfer's byte count and ends it exactly once, with its
// access-log line.
class ResponseWriter
{
public:
    // `owner` receives file workers' answers; `chunkReady` is called (on its thread) when a
    // chunk that had to wait for a worker can go.
    ResponseWriter(ClientSocket &socket, const ConnectionContext &context,
                   const QHostAddress &peerAddress, quint16 peerPort, QObject *owner,
                   std::function<void()> chunkReady);
    ~ResponseWriter();

    // Starts sending `response`. `request` is null for a request that could not be parsed;
    // `unparsedRequestLine` is then logged (empty logs "-").
    void start(const Response &response, const HttpRequest *request, bool keepAlive,
               const QByteArray &unparsedRequestLine);
    bool isSending() const { return bool(m_output); }
    bool closeAfterResponse() const { return m_closeAfterResponse; }
    quint64 transferId() const { return m_transferId; }
    // Bytes of this response the kernel has taken so far, head included.
    qint64 bytesAccepted() const { return m_acceptedBytes; }
    // Body bytes of this response the client has acknowledged (what the kernel took minus what
    // it still holds unacknowledged); -1 when the socket cannot tell. One ioctl per call.
    qint64 bodyBytesDelivered() const;
    // True while the rest of the response may go out at once: the head, or a small body.
    bool sendsAtOnce() const;
    // The next chunk goes out in a later pass: the file is checked again before it.
    void deferRest() { m_output->identityAged(); }

    enum class Outcome {
        Sent, // a whole step went out; more may follow at once
        Blocked, // the kernel's buffer is full: wait until the socket is writable
        Waiting, // the next chunk waits for a file worker; chunkReady says when it can go
        Completed, // the last byte went out; the response has ended
        CutShort, // the file changed or vanished: the response ended with its reason
        Broken, // the connection failed: the client is gone
    };
    // Sends at most one step: `chunkSize`, or less when the scheduler shares its round.
    Outcome sendStep(qint64 chunkSize);

    // Ends the response once (later calls do nothing): the transfer with its state, then its
    // access-log line. An unfinished response first takes back what the kernel will drop.
    void end(Transfer::State state, Transfer::Error error, const EndReason &reason);
    // Lets go of the body once the response ended.
    void release() { m_output.reset(); }
    // The response waits for a file worker (a slow or hung file, not a slow client).
    bool awaitsWorker() const { return m_output && m_output->awaitsWorker(); }

private:
    void recordProgress(qint64 bytesAccepted);
    void retractUndelivered();
    void logAccess();
    Outcome cutShort(const ResponseBody::Segment &failed);
    Outcome complete();
    // Hands the body reader's pending chunk to a file worker.
    void prepareChunk();

    ClientSocket &m_socket;
    ConnectionContext m_context;
    QHostAddress m_peerAddress;
    quint16 m_peerPort;
    QByteArray m_peerText; // for the access log, formatted once
    QObject *m_owner;
    std::function<void()> m_chunkReady;
    quint64 m_responseSerial = 0; // tells a worker's answer for an earlier response apart

    std::unique_ptr<ResponseBody> m_output;
    bool m_closeAfterResponse = false;
    qint64 m_headBytes = 0;
    qint64 m_acceptedBytes = 0; // taken by the kernel for this response, head included
    // As m_acceptedBytes, but never reduced by a reset's retraction: the kernel's unacknowledged
    // count still includes what the reset will drop until the socket is closed.
    qint64 m_handedBytes = 0;
    qint64 m_bodyLength = 0;
    int m_status = 0;
    QByteArray m_shareToken;
    quint64 m_transferId = 0;
    AccessRecord m_access;
};

} // namespace Sluice
