#pragma once

#include <QByteArrayView>
#include <QList>

#include <memory>

#include "openfile.h"
#include "response.h"
#include "transfer.h"

namespace Sluice {

// A cursor over a response's bytes (head first, then the body pieces). Each chunk of file bytes is
// checked against the file the head described: the path before the chunk (a file that vanished,
// shrank or was replaced ends the response instead of sending wrong bytes), and the open file
// once the chunk's bytes have been copied out of the page cache (a rewrite in place during the
// copy ends the response right after that chunk). The body's last bytes are sent only after such
// a check, so a response never completes with bytes of a changed file. Large bodies are sent from
// the file's shared read-only mapping (FileMapping), so the kernel copies them once, straight
// from the page cache into the socket (send(2) copies; nothing refers to the pages after it
// returns, so a later truncation or rewrite cannot alter bytes already sent, and a truncation
// under a send fails it with EFAULT rather than a signal). Small bodies, and files that cannot be
// mapped, are read with pread(2) into one reused buffer. sendfile(2) is not used: it hands
// page-cache pages to the socket by reference, and a truncation zeroes them before they leave.
class BodyReader
{
public:
    // `file` is the share's open file for `expected`, or null: then the reader opens the file
    // itself. `expected` was taken just now: until identityAged(), chunks need no path check.
    BodyReader(QByteArray head, QList<BodyPiece> pieces, QByteArray encodedPath,
               BlobIdentity expected, std::shared_ptr<const OpenFile> file);
    ~BodyReader();
    BodyReader(const BodyReader &) = delete;
    BodyReader &operator=(const BodyReader &) = delete;

    struct Segment
    {
        QByteArrayView bytes; // the next bytes to send
        Transfer::Error error = Transfer::Error::None;
        QString errorText;
    };
    // The next at most `maxBytes` bytes, without consuming them. They stay valid until advance().
    Segment current(qint64 maxBytes);
    // When the current piece is literal (a head), the start of the piece after it, so both can
    // go out in one system call; empty otherwise.
    Segment following(qint64 maxBytes);
    // Consumes bytes the kernel took. Once a window sent from the mapping has gone out whole, the
    // file is checked again: the error, when it changed under the sends, ends the response.
    Segment advance(qint64 bytes);
    // The event loop has had a turn since `expected` was taken: each chunk is checked again.
    void identityAged() { m_identityFresh = false; }
    bool atEnd() const { return m_index >= m_pieces.size(); }
    // True while the rest of the current piece is literal (the head, multipart separators).
    bool atLiteral() const { return !atEnd() && !m_pieces[m_index].isFile(); }
    // File bytes checked but not yet consumed: what Sluice itself holds for the client.
    qint64 bufferedBytes() const { return m_window.size() - m_windowConsumed; }

private:
    Segment failure(Transfer::Error error, const QString &text);
    Segment ensureOpen();
    Segment checkCopied();
    Segment readFile(const BodyPiece &piece, qint64 offsetInPiece, qint64 maxBytes);
    Segment openFile();
    Segment checkPath();
    void closeFile();

    QList<BodyPiece> m_pieces;
    QByteArray m_encodedPath; // for stat(2)
    BlobIdentity m_expected;
    bool m_identityFresh = true;
    bool m_opened = false;
    std::shared_ptr<const OpenFile> m_file; // null until the first file bytes are wanted
    std::shared_ptr<const FileMapping> m_mapping; // null for small bodies or unmappable files
    qsizetype m_index = 0;
    qint64 m_offsetInPiece = 0;
    QByteArray m_buffer; // pread(2) fallback: one chunk, reused
    QByteArrayView m_window; // the current chunk's file bytes, in the mapping or the buffer
    qint64 m_windowConsumed = 0;
    bool m_windowMapped = false; // the window is in the mapping: checked after it is sent
};

} // namespace Sluice
