#pragma once

#include <QByteArray>

#include "httprequest.h"
#include "responder.h"

namespace Sluice {

class ClientSocket;

// The reading half of a connection: takes bytes from the socket, drops request bodies (except a
// POST's of at most maxKeptBodyBytes, a password form, which comes with its head), and hands out
// one parsed request at a time. Holds no buffer while idle.
class RequestReader
{
public:
    RequestReader(ClientSocket &socket, qint64 maxHeadBytes);
    static constexpr qint64 maxKeptBodyBytes = Responder::maxFormBodyBytes;

    struct Next
    {
        enum class Kind {
            Request, // `request` is the next request to answer
            Incomplete, // more bytes are needed; none are waiting in the kernel
            Bad, // answer errorStatus/errorReason; requestLine is what arrived
            Ended, // the client finished sending and nothing is left to answer
            Broken, // the connection failed
        };
        Kind kind = Kind::Incomplete;
        HttpRequest request;
        int errorStatus = 0;
        QByteArray errorReason;
        QByteArray requestLine; // for the access log of a bad request

        static Next of(Kind kind)
        {
            Next next;
            next.kind = kind;
            return next;
        }
    };
    // Reads what has arrived and returns the next request or why there is none. A request
    // stays in the buffer until acceptRequest(): one that cannot be answered yet is parsed
    // again by the next call.
    Next next();
    void acceptRequest();
    // After a request: the rest of its body (up to `bytes`) is read and dropped before the
    // next head.
    void discardBody(qint64 bytes) { m_discardBytes = bytes; }
    // A request head has begun to arrive and is not complete yet.
    bool hasPartialHead() const { return !m_buffer.isEmpty(); }
    bool inputEnded() const { return m_inputEnded; }
    // The first line of what arrived, for the log of a head that timed out; drops the rest.
    QByteArray takeFirstLine();
    void clear() { m_buffer = QByteArray(); }

private:
    // Reads up to maxBytes into buffer; false when the connection broke.
    bool readInto(QByteArray &buffer, qint64 maxBytes, bool *drained);
    bool discardPendingBody(bool *drained, bool *broken);

    ClientSocket &m_socket;
    qint64 m_maxHeadBytes;
    QByteArray m_buffer;
    qint64 m_discardBytes = 0; // request body bytes still to drop
    qsizetype m_parsedBytes = 0; // the head next() returned last, until accepted
    bool m_inputEnded = false; // the client closed its sending side
};

} // namespace Sluice
