#include "requestreader.h"

#include "clientsocket.h"
#include "requestparser.h"

namespace Sluice {
namespace {

constexpr qsizetype loggedRequestLineLimit = 256;

// The request line as received, for the log of a request that could not be parsed; the empty
// lines a client may send first (RFC 9112 §2.2) are skipped.
QByteArray firstLineOf(const QByteArray &buffer)
{
    qsizetype start = 0;
    while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n'))
        ++start;
    qsizetype end = buffer.indexOf('\n', start);
    if (end < 0)
        end = buffer.size();
    QByteArray line = buffer.sliced(start, std::min(end - start, loggedRequestLineLimit));
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

RequestReader::RequestReader(ClientSocket &socket, qint64 maxHeadBytes)
    : m_socket(socket)
    , m_maxHeadBytes(maxHeadBytes)
{
}

bool RequestReader::readInto(QByteArray &buffer, qint64 maxBytes, bool *drained)
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
        if (got == ClientSocket::broken)
            return false;
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

bool RequestReader::discardPendingBody(bool *drained, bool *broken)
{
    const qint64 fromBuffer = std::min<qint64>(m_discardBytes, m_buffer.size());
    m_buffer.remove(0, fromBuffer);
    m_discardBytes -= fromBuffer;
    if (m_discardBytes == 0)
        return true;
    QByteArray dropped;
    if (!readInto(dropped, m_discardBytes, drained)) {
        *broken = true;
        return false;
    }
    m_discardBytes -= dropped.size();
    return m_discardBytes == 0;
}

RequestReader::Next RequestReader::next()
{
    using Kind = Next::Kind;
    ParserLimits limits;
    limits.maxHeadBytes = m_maxHeadBytes;
    bool drained = false;
    for (;;) {
        if (m_discardBytes > 0) {
            bool broken = false;
            if (!discardPendingBody(&drained, &broken))
                return Next::of(broken ? Kind::Broken : Kind::Incomplete);
        }
        const qint64 room = limits.maxHeadBytes + 1 - m_buffer.size();
        if (room > 0 && !drained && !readInto(m_buffer, room, &drained))
            return Next::of(Kind::Broken);
        if (m_buffer.isEmpty())
            return Next::of(m_inputEnded ? Kind::Ended : Kind::Incomplete);

        ParseResult parsed = parseRequestHead(m_buffer, limits);
        if (parsed.status == ParseResult::Status::Bad) {
            Next bad = Next::of(Kind::Bad);
            bad.errorStatus = parsed.errorStatus;
            bad.errorReason = parsed.errorReason;
            bad.requestLine = takeFirstLine();
            return bad;
        }
        if (parsed.status == ParseResult::Status::Incomplete) {
            m_buffer.remove(0, parsed.consumed);
            if (m_inputEnded)
                return Next::of(Kind::Ended); // half a request and then the end: nothing to answer
            if (!drained && m_buffer.size() <= limits.maxHeadBytes)
                continue;
            return Next::of(Kind::Incomplete);
        }
        const qint64 keptBody
            = parsed.request.method == "POST" && parsed.request.contentLength <= maxKeptBodyBytes
            ? parsed.request.contentLength
            : 0;
        if (keptBody > 0) {
            // The head stays in the buffer (parsed again) until the whole body is there.
            const qint64 missing = parsed.consumed + keptBody - m_buffer.size();
            if (missing > 0 && !drained && !readInto(m_buffer, missing, &drained))
                return Next::of(Kind::Broken);
            if (m_buffer.size() < parsed.consumed + keptBody)
                return Next::of(m_inputEnded ? Kind::Ended : Kind::Incomplete);
            parsed.request.body = m_buffer.sliced(parsed.consumed, keptBody);
        }
        m_parsedBytes = parsed.consumed + keptBody;
        Next request = Next::of(Kind::Request);
        request.request = std::move(parsed.request);
        return request;
    }
}

void RequestReader::acceptRequest()
{
    m_buffer.remove(0, std::exchange(m_parsedBytes, 0));
    if (m_buffer.isEmpty())
        m_buffer = QByteArray(); // idle keep-alive connections hold no buffer
}

QByteArray RequestReader::takeFirstLine()
{
    const QByteArray line = firstLineOf(m_buffer);
    m_buffer.clear();
    return line;
}

} // namespace Sluice
