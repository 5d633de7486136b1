#pragma once

#include <array>

#include <QFile>
#include <QList>

#include "response.h"
#include "transfer.h"

namespace Sluice {

// Produces a response body one chunk at a time. File pieces are read with pread(2) into
// reused buffers, after checking that the file is still the one the response head described:
// a file that vanished, shrank or changed ends the body instead of sending wrong bytes.
class BodyReader
{
public:
    BodyReader() = default;
    BodyReader(QList<BodyPiece> pieces, QString filePath, BlobIdentity expected);

    struct Chunk
    {
        QByteArray data;
        Transfer::Error error = Transfer::Error::None;
        QString errorText;
    };
    Chunk next(qint64 maxBytes);
    bool atEnd() const { return m_index >= m_pieces.size(); }

private:
    Chunk failure(Transfer::Error error, const QString &text);
    Chunk checkFile();
    QByteArray &bufferFor(qint64 size);

    QList<BodyPiece> m_pieces;
    QString m_filePath;
    BlobIdentity m_expected;
    QFile m_file;
    qsizetype m_index = 0;
    qint64 m_offsetInPiece = 0;
    // Two buffers alternate: the socket may still hold one while the next chunk is read.
    std::array<QByteArray, 2> m_buffers;
};

} // namespace Sluice
