#pragma once

#include <QByteArrayView>
#include <QFile>
#include <QList>

#include "response.h"
#include "transfer.h"

namespace Sluice {

// A cursor over a response's bytes (head first, then the body pieces). File bytes are read with
// pread(2) into one reused buffer of at most a chunk, after checking that the file is still the
// one the head described: a file that vanished, shrank or changed ends the response instead of
// sending wrong bytes. (Copying is deliberate: sendfile(2) and mappings send page-cache pages
// that a truncation or rewrite can still change after they were handed to the kernel.)
class BodyReader
{
public:
    BodyReader(QByteArray head, QList<BodyPiece> pieces, QString filePath, BlobIdentity expected);

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
    void advance(qint64 bytes);
    bool atEnd() const { return m_index >= m_pieces.size(); }
    // True while the rest of the current piece is literal (the head, multipart separators).
    bool atLiteral() const { return !atEnd() && !m_pieces[m_index].isFile(); }
    // File bytes read but not yet consumed: what Sluice itself holds for the client.
    qint64 bufferedBytes() const { return m_buffer.size() - m_bufferConsumed; }

private:
    Segment failure(Transfer::Error error, const QString &text);
    Segment checkFile();
    Segment readFile(const BodyPiece &piece, qint64 offsetInPiece, qint64 maxBytes);

    QList<BodyPiece> m_pieces;
    QString m_filePath;
    QByteArray m_encodedPath; // for stat(2), encoded once
    BlobIdentity m_expected;
    QFile m_file;
    qsizetype m_index = 0;
    qint64 m_offsetInPiece = 0;
    QByteArray m_buffer; // file bytes read ahead of the socket
    qint64 m_bufferConsumed = 0;
};

} // namespace Sluice
