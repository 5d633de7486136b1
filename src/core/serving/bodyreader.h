#pragma once

#include <QByteArrayView>
#include <QList>

#include <memory>

#include "chunkjob.h"
#include "openfile.h"
#include "response.h"
#include "responsebody.h"
#include "transfer.h"

namespace Sluice {

// A cursor over a response's bytes (head first, then the body pieces). The event loop never
// waits on the file: a chunk of file bytes is handed out only once it is known to be in memory
// and, after the first pass, once a file worker checked that the path still names the version
// the head described (see ChunkJob). Until then current() says the chunk is pending, and
// takePreparation() gives the work to run; the check that follows chunk N is the one that
// precedes chunk N+1. The last bytes of a mapped body (checkedTailBytes) go out as a copy that a
// worker checked after making it, so a file changed while the chunks before them were sent
// ends the response before its last byte: a response never completes with bytes of a changed
// file. A file that vanished, shrank or changed ends the response instead of sending wrong
// bytes.
// Large bodies are sent from the file's shared read-only mapping (FileMapping), so the kernel
// copies them once, straight from the page cache into the socket (send(2) copies; nothing
// refers to the pages after it returns, so a later truncation or rewrite cannot alter bytes
// already sent, and a truncation under a send fails it with EFAULT rather than a signal); the
// loop asks mincore(2) whether a chunk is resident. Small bodies, and files that cannot be
// mapped, are read into one reused buffer: on the loop with RWF_NOWAIT (page cache only), on a
// worker otherwise. sendfile(2) is not used: it hands page-cache pages to the socket by
// reference, and a truncation zeroes them before they leave.
class BodyReader : public ResponseBody
{
public:
    // `file` is the share's open file for `expected`, or null: then a worker opens the file.
    // `expected` was confirmed just now: until identityAged(), chunks need no new check.
    BodyReader(QByteArray head, QList<BodyPiece> pieces, QByteArray encodedPath,
               BlobIdentity expected, std::shared_ptr<const OpenFile> file);
    ~BodyReader() override;
    BodyReader(const BodyReader &) = delete;
    BodyReader &operator=(const BodyReader &) = delete;

    Segment current(qint64 maxBytes) override;
    Segment following(qint64 maxBytes) override;
    void advance(qint64 bytes) override;
    // The event loop has had a turn since `expected` was taken: each chunk is checked again.
    void identityAged() override { m_identityFresh = false; }
    bool atEnd() const override
    {
        return m_index >= m_pieces.size() && m_failure.error == Transfer::Error::None;
    }
    static constexpr qint64 checkedTailBytes = 4 * 1024;
    // True while the rest of the current piece is literal (the head, multipart separators).
    bool atLiteral() const override
    {
        return m_index < m_pieces.size() && !m_pieces[m_index].isFile();
    }
    // File bytes checked but not yet consumed: what Sluice itself holds for the client.
    qint64 bufferedBytes() const override { return m_window.size() - m_windowConsumed; }

    // The work a file worker must do before the pending chunk can go; null when nothing is
    // pending or the work is already out. Hand its result to completePreparation().
    std::shared_ptr<WorkerJob> takePreparation() override;
    void completePreparation(WorkerJob &job) override;
    quint64 device() const override { return m_expected.device; }
    bool awaitsWorker() const override { return m_preparing; }

private:
    Segment failure(Transfer::Error error, const EndReason &reason);
    Segment readFile(const BodyPiece &piece, qint64 offsetInPiece, qint64 maxBytes);
    Segment pending(qint64 offset, qint64 length, bool checkedCopy);
    bool readyOnLoop(qint64 offset, qint64 length);
    void useMapping();
    void closeFile();

    QList<BodyPiece> m_pieces;
    QByteArray m_encodedPath; // for stat(2)
    BlobIdentity m_expected;
    bool m_identityFresh = true;
    bool m_mapped = false; // large bodies go out from the mapping
    qsizetype m_lastFileIndex = -1; // the piece whose end is the body's checked tail
    std::shared_ptr<const OpenFile> m_file; // null until a worker opened it
    std::shared_ptr<const FileMapping> m_mapping; // null for small bodies or unmappable files
    std::shared_ptr<ChunkJob> m_preparation; // wanted, not yet handed out
    bool m_preparing = false; // handed out, its answer not back yet
    Segment m_failure; // a worker's verdict, for the next current()
    qsizetype m_index = 0;
    qint64 m_offsetInPiece = 0;
    qint64 m_readyStart = 0; // file range [start, end) in memory and checked
    qint64 m_readyEnd = 0;
    bool m_readyInBuffer = false; // the ready range is in m_buffer, not read from the mapping
    QByteArray m_buffer; // unmapped bodies: one chunk, reused
    QByteArrayView m_window; // the current chunk's file bytes, in the mapping or the buffer
    qint64 m_windowConsumed = 0;
};

} // namespace Sluice
