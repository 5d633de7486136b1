#include "bodyreader.h"

#include <cerrno>
#include <sys/uio.h>

namespace Sluice {
namespace {

constexpr qint64 minimumMappedBytes = 256 * 1024;

} // namespace

BodyReader::BodyReader(QByteArray head, QList<BodyPiece> pieces, QByteArray encodedPath,
                       BlobIdentity expected, std::shared_ptr<const OpenFile> file)
    : m_pieces(std::move(pieces))
    , m_encodedPath(std::move(encodedPath))
    , m_expected(expected)
    , m_file(std::move(file))
{
    BodyPiece headPiece;
    headPiece.literal = std::move(head);
    m_pieces.prepend(headPiece);
    m_pieces.removeIf([](const BodyPiece &piece) { return piece.length() == 0; });
    // Small bodies are read: a mapping costs more system calls than the copy it saves.
    qint64 fileBytes = 0;
    for (const BodyPiece &piece : std::as_const(m_pieces))
        fileBytes += piece.isFile() ? piece.fileLength : 0;
    m_mapped = fileBytes >= minimumMappedBytes;
    for (qsizetype i = 0; i < m_pieces.size(); ++i) {
        if (m_pieces[i].isFile())
            m_lastFileIndex = i;
    }
}

BodyReader::~BodyReader()
{
    closeFile();
}

void BodyReader::closeFile()
{
    m_mapping.reset();
    m_file.reset();
    m_window = {};
    m_windowConsumed = 0;
    m_readyStart = m_readyEnd = 0;
    m_buffer = QByteArray();
}

BodyReader::Segment BodyReader::failure(Transfer::Error error, const EndReason &reason)
{
    m_index = m_pieces.size();
    m_preparation.reset();
    closeFile();
    Segment segment;
    segment.error = error;
    segment.reason = reason;
    return segment;
}

void BodyReader::useMapping()
{
    if (!m_mapped || m_mapping || !m_file)
        return;
    m_mapping = m_file->mapping(); // mmap(2) reads nothing: no wait on the disk here
    if (!m_mapping)
        m_mapped = false; // a file system without mmap: read like a small body
}

BodyReader::Segment BodyReader::current(qint64 maxBytes)
{
    if (m_failure.error != Transfer::Error::None) {
        const Segment verdict = std::exchange(m_failure, {});
        return failure(verdict.error, verdict.reason);
    }
    if (m_index >= m_pieces.size())
        return {};
    const BodyPiece &piece = m_pieces[m_index];
    if (piece.isFile())
        return readFile(piece, m_offsetInPiece, maxBytes);
    Segment segment;
    const qint64 length = std::min(maxBytes, piece.length() - m_offsetInPiece);
    segment.bytes = QByteArrayView(piece.literal).sliced(m_offsetInPiece, length);
    return segment;
}

BodyReader::Segment BodyReader::following(qint64 maxBytes)
{
    if (!atLiteral() || m_index + 1 >= m_pieces.size() || bufferedBytes() > 0)
        return {};
    const BodyPiece &next = m_pieces[m_index + 1];
    if (!next.isFile()) {
        Segment segment;
        segment.bytes = QByteArrayView(next.literal).first(std::min(maxBytes, next.length()));
        return segment;
    }
    return readFile(next, 0, maxBytes);
}

BodyReader::Segment BodyReader::pending(qint64 offset, qint64 length, bool checkedCopy)
{
    if (m_preparation && (m_preparation->offset != offset || m_preparation->length != length))
        m_preparation.reset(); // wanted for a piece that went out another way
    if (!m_preparing && !m_preparation) {
        auto job = std::make_shared<ChunkJob>();
        job->encodedPath = m_encodedPath;
        job->expected = m_expected;
        job->checkIdentity = !m_identityFresh;
        job->file = m_file;
        job->mapping = m_mapping;
        job->offset = offset;
        job->length = length;
        job->intoBuffer = !m_mapped || checkedCopy;
        job->checkAfterRead = checkedCopy;
        if (job->intoBuffer)
            job->buffer = std::move(m_buffer);
        m_preparation = std::move(job);
    }
    Segment segment;
    segment.pending = true;
    return segment;
}

std::shared_ptr<WorkerJob> BodyReader::takePreparation()
{
    if (!m_preparation)
        return nullptr;
    m_preparing = true;
    return std::exchange(m_preparation, nullptr);
}

void BodyReader::completePreparation(WorkerJob &work)
{
    ChunkJob &job = static_cast<ChunkJob &>(work);
    m_preparing = false;
    if (job.error != Transfer::Error::None) {
        m_failure.error = job.error;
        m_failure.reason = job.reason;
        return;
    }
    m_expected.ctimeNs = job.expected.ctimeNs;
    if (!m_file)
        m_file = job.file;
    useMapping();
    if (job.intoBuffer) {
        m_buffer = std::move(job.buffer);
    } else if (!m_mapping) {
        return; // warmed for a mapping that could not be made: read it again into the buffer
    }
    m_readyStart = job.offset;
    m_readyEnd = job.offset + job.length;
    m_readyInBuffer = job.intoBuffer;
}

bool BodyReader::readyOnLoop(qint64 offset, qint64 length)
{
    // Without a worker's look the chunk may go only while the identity the head was built from
    // vouches for the file, and only from memory.
    if (!m_identityFresh || !m_file || m_preparing)
        return false;
    useMapping();
    if (m_mapped)
        return m_mapping->isResident(offset, length);
    m_buffer.resize(length); // keeps its capacity: one allocation per connection and chunk size
    iovec vector {m_buffer.data(), size_t(length)};
    // RWF_NOWAIT: page-cache hits only; anything else (EAGAIN, a short read, a file system
    // without it) goes to a worker.
    const ssize_t n = ::preadv2(m_file->descriptor(), &vector, 1, off_t(offset), RWF_NOWAIT);
    return n == length;
}

BodyReader::Segment BodyReader::readFile(const BodyPiece &piece, qint64 offsetInPiece,
                                         qint64 maxBytes)
{
    Segment segment;
    if (bufferedBytes() > 0) {
        // What the socket did not take last time goes first, without a new check.
        segment.bytes = m_window.sliced(m_windowConsumed);
        return segment;
    }
    const qint64 offset = piece.fileOffset + offsetInPiece;
    qint64 wanted = std::min(maxBytes, piece.fileLength - offsetInPiece);
    // A mapped body's last bytes are a checked copy; the chunks before them stop short of it.
    const bool isLastPiece = &piece == &m_pieces[m_lastFileIndex] && m_index <= m_lastFileIndex;
    const qint64 tailStart = std::max<qint64>(0, piece.fileLength - checkedTailBytes);
    const bool inTail = m_mapped && isLastPiece && offsetInPiece >= tailStart;
    if (m_mapped && isLastPiece && !inTail)
        wanted = std::min(wanted, tailStart - offsetInPiece);
    const bool ready = offset >= m_readyStart && offset < m_readyEnd;
    if (!ready) {
        if (inTail || !readyOnLoop(offset, wanted))
            return pending(offset, wanted, inTail);
        m_preparation.reset();
        m_readyStart = offset;
        m_readyEnd = offset + wanted;
        m_readyInBuffer = !m_mapped;
    }
    const qint64 length = std::min(wanted, m_readyEnd - offset);
    m_windowConsumed = 0;
    m_window = m_readyInBuffer ? QByteArrayView(m_buffer).sliced(offset - m_readyStart, length)
                               : QByteArrayView(m_mapping->data() + offset, length);
    segment.bytes = m_window;
    return segment;
}

void BodyReader::advance(qint64 bytes)
{
    while (bytes > 0 && m_index < m_pieces.size()) {
        const BodyPiece &piece = m_pieces[m_index];
        const qint64 step = std::min(bytes, piece.length() - m_offsetInPiece);
        if (piece.isFile()) {
            m_windowConsumed += step;
            if (m_windowConsumed >= m_window.size()) {
                m_window = {};
                m_windowConsumed = 0;
            }
        }
        m_offsetInPiece += step;
        bytes -= step;
        if (m_offsetInPiece >= piece.length()) {
            if (piece.isFile())
                m_readyStart = m_readyEnd = 0; // the next piece is checked anew
            ++m_index;
            m_offsetInPiece = 0;
        }
    }
    if (m_index >= m_pieces.size())
        closeFile();
}

} // namespace Sluice
