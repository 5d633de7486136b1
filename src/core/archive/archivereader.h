#pragma once

#include <memory>

#include <QByteArray>
#include <QList>

#include "archivechunkjob.h"
#include "folderarchive.h"
#include "response.h"
#include "responsebody.h"

namespace Sluice {

// The body of a response from a folder's archive: the head, then archive ranges (the pieces'
// file offsets are archive offsets) and any multipart separators. Every chunk of the archive is
// made by a file worker (ArchiveChunkJob) into a buffer, never on the event loop, and the next
// chunk is made while this one is sent: two buffers per download, whatever the folder holds.
class ArchiveReader : public ResponseBody
{
public:
    ArchiveReader(QByteArray head, QList<BodyPiece> pieces, std::shared_ptr<FolderArchive> archive,
                  quint64 device);
    ~ArchiveReader() override;

    Segment current(qint64 maxBytes) override;
    Segment following(qint64 maxBytes) override;
    void advance(qint64 bytes) override;
    void identityAged() override { } // every chunk is checked by its worker
    bool atEnd() const override
    {
        return m_index >= m_pieces.size() && m_failure.error == Transfer::Error::None;
    }
    bool atLiteral() const override
    {
        return m_index < m_pieces.size() && !m_pieces[m_index].isFile();
    }
    qint64 bufferedBytes() const override;
    std::shared_ptr<WorkerJob> takePreparation() override;
    void completePreparation(WorkerJob &job) override;
    quint64 device() const override { return m_device; }
    bool awaitsWorker() const override { return m_preparing && m_waiting; }

    static constexpr qint64 minimumChunkBytes = 128 * 1024;
    static constexpr qint64 maximumChunkBytes = 4 * 1024 * 1024;

private:
    struct Chunk
    {
        QByteArray bytes;
        qint64 start = -1; // archive offset of bytes[0]; -1: empty
        bool covers(qint64 offset) const
        {
            return start >= 0 && offset >= start && offset < start + bytes.size();
        }
        qint64 end() const { return start + bytes.size(); }
    };

    Segment failure(Transfer::Error error, const EndReason &reason);
    qint64 archiveOffset() const;
    qint64 pieceEnd() const;
    // Prepares the chunk at `offset` unless a worker is on one already.
    void want(qint64 offset);
    void release();

    QList<BodyPiece> m_pieces;
    qsizetype m_index = 0;
    qint64 m_offsetInPiece = 0;
    std::shared_ptr<FolderArchive> m_archive;
    quint64 m_device;
    qint64 m_chunkBytes = 0;
    Chunk m_ready; // being sent
    Chunk m_ahead; // made while m_ready is sent
    QByteArray m_spare; // a buffer for the next job
    ArchiveChunkJob::Member m_member; // carried between jobs
    std::shared_ptr<ArchiveChunkJob> m_preparation; // wanted, not yet handed out
    bool m_preparing = false; // handed out, its answer not back yet
    bool m_waiting = false; // the current bytes wait for it
    Segment m_failure; // a worker's verdict, for current() once it reaches m_failureOffset
    qint64 m_failureOffset = 0;
};

} // namespace Sluice
