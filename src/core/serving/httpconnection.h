#pragma once

#include <chrono>

#include <QHostAddress>
#include <QObject>

#include "clientsocket.h"
#include "connectioncontext.h"
#include "pumpscheduler.h"
#include "requestreader.h"
#include "responsewriter.h"
#include "transfer.h"

namespace Sluice {

struct HttpRequest;
struct Response;

// One client connection: its socket, its phase and deadlines, and the two halves that do the
// work: a RequestReader that hands out request heads, and a ResponseWriter that answers them in
// order, leaving the body to the pump scheduler, which lets it write one chunk per turn.
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
                        const EndReason &reason);
    quint64 currentTransferId() const { return m_writer.transferId(); }
    QHostAddress peerAddress() const { return m_peerAddress; }
    // Stops sending the running transfer (if it is `transferId`) without closing, or sends again.
    // While paused the stall timeout does not apply.
    bool setPaused(quint64 transferId, bool paused);
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
    void handleWritable();
    void handleTimeout();
    void processRequests();
    // Leaves the parsed head in the reader until a worker's look at the share answers.
    void waitForShare(const QByteArray &token);
    // `unparsedRequestLine` is logged when there is no parsed request; empty logs "-".
    void startResponse(const Response &response, const HttpRequest *request,
                       const QByteArray &unparsedRequestLine = {});
    void processInput() override;
    bool pumpOneChunk() override;
    // Sends one step; true when another could follow at once.
    bool sendStep();
    void finishResponse();
    // Closes the socket: abortively while a response is incomplete, gracefully otherwise.
    void releaseSocket();
    void shutdownAndLinger();
    void armTimer(std::chrono::milliseconds timeout);

    ClientSocket m_socket;
    ConnectionContext m_context;
    RequestReader m_reader;
    ResponseWriter m_writer;
    QHostAddress m_peerAddress;
    Phase m_phase = Phase::ReadingHead;
    bool m_processing = false; // re-entry guard for processRequests
    bool m_headTimerRunning = false;
    bool m_paused = false; // the running response waits for setPaused(false)
    QMetaObject::Connection m_waitingForShare; // set while a request waits for a look
    qint64 m_deadlineMs = 0; // steady-clock time at which handleTimeout() runs; 0: none
};

} // namespace Sluice
