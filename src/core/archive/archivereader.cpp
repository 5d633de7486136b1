#include "archivereader.h"

#include <algorithm>

namespace Sluice {

ArchiveReader::ArchiveReader(QByteArray head, QList<BodyPiece> pieces,
                             std::shared_ptr<FolderArchive> archive, quint64 device)
    : m_pieces(std::move(pieces))
    , m_archive(std::move(archive))
    , m_device(device)
{
    BodyPiece headPiece;
    headPiece.literal = std::move(head);
    m_pieces.prepend(headPiece);
    m_pieces.removeIf([](const BodyPiece &piece) { return piece.length() == 0; });
}

ArchiveReader::~ArchiveReader() = default;

void ArchiveReader::release()
{
    m_ready = {};
    m_ahead = {};
    m_spare = QByteArray();
    m_member = {};
    m_preparation.reset();
}

ResponseBody::Segment ArchiveReader::failure(Transfer::Error error, const EndReason &reason)
{
    m_index = m_pieces.size();
    release();
    Segment segment;
    segment.error = error;
    segment.reason = reason;
    return segment;
}

qint64 ArchiveReader::archiveOffset() const
{
    return m_pieces[m_index].fileOffset + m_offsetInPiece;
}

qint64 ArchiveReader::pieceEnd() const
{
    return m_pieces[m_index].fileOffset + m_pieces[m_index].fileLength;
}

void ArchiveReader::want(qint64 offset)
{
    if (m_preparing || offset >= pieceEnd())
        return;
    if (m_preparation && m_preparation->offset == offset)
        return;
    auto job = std::make_shared<ArchiveChunkJob>();
    job->layout = m_archive->layout;
    job->crcs = m_archive->crcs;
    job->offset = offset;
    job->length = std::min(m_chunkBytes, pieceEnd() - offset);
    job->buffer = std::move(m_spare);
    m_preparation = std::move(job);
}

ResponseBody::Segment ArchiveReader::current(qint64 maxBytes)
{
    if (m_index >= m_pieces.size())
        return {};
    const BodyPiece &piece = m_pieces[m_index];
    // The bytes a failed job made before its failure still go out: a download ends after
    // the last right byte.
    if (m_failure.error != Transfer::Error::None
        && (!piece.isFile() || archiveOffset() >= m_failureOffset
            || !(m_ready.covers(archiveOffset()) || m_ahead.covers(archiveOffset())))) {
        const Segment verdict = std::exchange(m_failure, {});
        return failure(verdict.error, verdict.reason);
    }
    Segment segment;
    if (!piece.isFile()) {
        const qint64 length = std::min(maxBytes, piece.length() - m_offsetInPiece);
        segment.bytes = QByteArrayView(piece.literal).sliced(m_offsetInPiece, length);
        return segment;
    }
    if (m_chunkBytes == 0)
        m_chunkBytes = std::clamp(maxBytes, minimumChunkBytes, maximumChunkBytes);
    const qint64 offset = archiveOffset();
    if (!m_ready.covers(offset) && m_ahead.covers(offset)) {
        m_spare = std::move(m_ready.bytes);
        m_ready = std::exchange(m_ahead, {});
    }
    if (!m_ready.covers(offset)) {
        if (m_failure.error != Transfer::Error::None) {
            const Segment verdict = std::exchange(m_failure, {});
            return failure(verdict.error, verdict.reason);
        }
        m_waiting = true;
        want(offset);
        segment.pending = true;
        return segment;
    }
    // The next chunk is made while this one goes out.
    if (!m_ahead.covers(m_ready.end()) && m_failure.error == Transfer::Error::None)
        want(m_ready.end());
    const qint64 length = std::min({maxBytes, m_ready.end() - offset, pieceEnd() - offset});
    segment.bytes = QByteArrayView(m_ready.bytes).sliced(offset - m_ready.start, length);
    return segment;
}

ResponseBody::Segment ArchiveReader::following(qint64 maxBytes)
{
    if (!atLiteral() || m_index + 1 >= m_pieces.size() || m_pieces[m_index + 1].isFile())
        return {};
    Segment segment;
    const BodyPiece &next = m_pieces[m_index + 1];
    segment.bytes = QByteArrayView(next.literal).first(std::min(maxBytes, next.length()));
    return segment;
}

void ArchiveReader::advance(qint64 bytes)
{
    while (bytes > 0 && m_index < m_pieces.size()) {
        const BodyPiece &piece = m_pieces[m_index];
        const qint64 step = std::min(bytes, piece.length() - m_offsetInPiece);
        m_offsetInPiece += step;
        bytes -= step;
        if (m_offsetInPiece >= piece.length()) {
            ++m_index;
            m_offsetInPiece = 0;
        }
    }
    if (m_index >= m_pieces.size())
        release();
}

qint64 ArchiveReader::bufferedBytes() const
{
    if (m_index >= m_pieces.size() || !m_pieces[m_index].isFile())
        return 0;
    const qint64 offset = archiveOffset();
    return m_ready.covers(offset) ? m_ready.end() - offset : 0;
}

std::shared_ptr<WorkerJob> ArchiveReader::takePreparation()
{
    if (!m_preparation)
        return nullptr;
    m_preparing = true;
    m_preparation->member = std::move(m_member);
    return std::exchange(m_preparation, nullptr);
}

void ArchiveReader::completePreparation(WorkerJob &work)
{
    ArchiveChunkJob &job = static_cast<ArchiveChunkJob &>(work);
    m_preparing = false;
    m_waiting = false;
    m_member = std::move(job.member);
    if (job.error != Transfer::Error::None) {
        m_failure.error = job.error;
        m_failure.reason = job.reason;
        m_failureOffset = job.offset + job.made;
        job.buffer.truncate(job.made);
        if (job.made == 0)
            return;
    }
    Chunk made {std::move(job.buffer), job.offset};
    if (m_index < m_pieces.size() && m_pieces[m_index].isFile() && made.covers(archiveOffset())
        && !m_ready.covers(archiveOffset())) {
        m_spare = std::move(m_ready.bytes);
        m_ready = std::move(made);
    } else {
        m_ahead = std::move(made);
    }
}

} // namespace Sluice
