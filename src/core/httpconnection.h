#pragma once

#include <memory>

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include "accesslog.h"
#include "bodyreader.h"
#include "httprequest.h"
#include "pumpscheduler.h"
#include "response.h"
#include "transfer.h"

namespace Sluice {

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
};

// One client connection: reads request heads, answers them in order, and hands body chunks to
// the pump scheduler. Owns its socket.
class HttpConnection : public QObject, private PumpClient
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, const ConnectionContext &context, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Answers 503 and closes: used when the server is at its connection cap.
    void rejectAsBusy();
    // Stops the running transfer (if it is `transferId`) and closes the connection.
    bool cancelTransfer(quint64 transferId, Transfer::State state, Transfer::Error error,
                        const QString &reason);
    quint64 currentTransferId() const { return m_transferId; }
    void close();

Q_SIGNALS:
    void closed();

private:
    enum class Phase { ReadingHead, Sending, Closing, Closed };

    void handleReadyRead();
    void handleBytesWritten(qint64 bytes);
    void handleDisconnected();
    void handleTimeout();
    void processBuffer();
    void startResponse(Response response, const HttpRequest *request);
    void answerBadRequest(int status, const QByteArray &reason);
    bool pumpOneChunk() override;
    void writeToSocket(const QByteArray &bytes);
    void recordProgress();
    void maybeFinishResponse();
    void shutdownAndLinger();
    void endTransfer(Transfer::State state, Transfer::Error error, const QString &reason);
    void logAccess();
    void closeAfterFlush();
    void armTimer(std::chrono::milliseconds timeout);

    QPointer<QTcpSocket> m_socket;
    ConnectionContext m_context;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    Phase m_phase = Phase::ReadingHead;
    QByteArray m_buffer;
    qint64 m_discardBytes = 0; // request body bytes still to drop
    bool m_processing = false; // re-entry guard for processBuffer
    bool m_headTimerRunning = false;
    QTimer m_timer;

    // The response being sent.
    std::unique_ptr<BodyReader> m_body;
    bool m_bodyFullyQueued = false;
    bool m_closeAfterResponse = false;
    qint64 m_queuedBytes = 0; // handed to the socket for this response, head included
    qint64 m_headBytes = 0;
    qint64 m_reportedBodyBytes = 0;
    qint64 m_peakQueuedBytes = 0;
    qint64 m_bodyLength = 0;
    int m_responseStatus = 0;
    QByteArray m_shareToken;
    quint64 m_transferId = 0;
    bool m_lingering = false;
    AccessRecord m_access;
};

} // namespace Sluice
