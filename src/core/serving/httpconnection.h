#pragma once

#include <memory>

#include <QObject>

#include "accesslog.h"
#include "bodyreader.h"
#include "httprequest.h"
#include "pumpscheduler.h"
#include "response.h"
#include "clientsocket.h"
#include "transfer.h"

namespace Sluice {

class FileWorkers;
class Responder;
class ShareRegistry;
class TransferTracker;
struct ServerSettings;

// What a connection needs from the server; owned by the server and outliving its connections.
struct ConnectionContext
{
    const ServerSettings *settings = nullptr;
    Responder *responder = nullptr;
    ShareRegistry *shares = nullptr;
    TransferTracker *transfers = nullptr;
    PumpScheduler *scheduler = nullptr;
    AccessLog *accessLog = nullptr;
    SocketPoller *poller = nullptr;
    FileWorkers *workers = nullptr;
};

// One client connection: reads request heads, answers them in order, and leaves the sending to
// the pump scheduler, which writes one chunk per turn. Owns its socket.
class HttpConnection : public QObject, private PumpClient
{
    Q_OBJECT
public:
    // Takes ownership of an accepted socket descriptor.
    HttpConnection(int descriptor, const ConnectionContext &context, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Answers 503 and closes: used when the server is at its connection cap.
    void rejectAsBusy();
    // Stops the running transfer (if it is `transferId`) and closes the connection.
    bool cancelTransfer(quint64 transferId, Transfer::State state, Transfer::Error error,
                        const QString &reason);
    quint64 currentTransferId() const { return m_transferId; }
    void close();
    // Acts on an expired deadline (head, keep-alive, stall or linger timeout). The server calls
    // this from one housekeeping timer: a timer per connection, restarted per chunk, costs
    // more than the chunk at a thousand connections.
    void checkDeadline(qint64 nowMs);

Q_SIGNALS:
    void closed();

private:
    enum class Phase { ReadingHead, Sending, Lingering, Closed };

    void handleReadable();
    // Reads up to maxBytes into buffer; false when the connection broke (and was closed).
    bool readInto(QByteArray &buffer, qint64 maxBytes, bool *drained);
    void handleWritable();
    void handleTimeout();
    static qint64 nowMs();
    void processBuffer();
    void startResponse(const Response &response, const HttpRequest *request);
    void answerBadRequest(int status, const QByteArray &reason);
    // Leaves the parsed head in the buffer until a worker's look at the share answers.
    void waitForShare(const QByteArray &token);
    void processInput() override;
    bool pumpOneChunk() override;
    struct StepResult
    {
        enum Outcome { Sent, Blocked, Waiting, Ended } outcome; // Waiting: for a file worker
        qint64 bytes;
    };
    StepResult sendStep(qint64 maxBytes);
    // Hands the body reader's pending chunk to a file worker; the answer marks us ready.
    void prepareChunk();
    void recordProgress(qint64 bytesAccepted);
    void finishResponse();
    // Ends the response once: the transfer (if any) with its state, and its access-log line.
    void endResponse(Transfer::State state, Transfer::Error error, const QString &reason);
    void logAccess();
    void shutdownAndLinger();
    void armTimer(std::chrono::milliseconds timeout);

    ClientSocket m_socket;
    ConnectionContext m_context;
    QHostAddress m_peerAddress;
    QByteArray m_peerText; // for the access log, formatted once
    quint16 m_peerPort = 0;
    Phase m_phase = Phase::ReadingHead;
    QByteArray m_buffer;
    qint64 m_discardBytes = 0; // request body bytes still to drop
    bool m_processing = false; // re-entry guard for processBuffer
    bool m_headTimerRunning = false;
    bool m_inputEnded = false; // the client closed its sending side
    QMetaObject::Connection m_waitingForShare; // set while a request waits for a look
    qint64 m_deadlineMs = 0; // steady-clock time at which handleTimeout() runs; 0: none

    // The response being sent.
    std::unique_ptr<BodyReader> m_output;
    bool m_closeAfterResponse = false;
    qint64 m_headBytes = 0;
    qint64 m_acceptedBytes = 0; // taken by the kernel for this response, head included
    qint64 m_bodyLength = 0;
    int m_responseStatus = 0;
    QByteArray m_shareToken;
    quint64 m_transferId = 0;
    AccessRecord m_access;
    quint64 m_preparationSerial = 0; // tells a worker's answer for an earlier response apart
};

} // namespace Sluice
