#include "bodyreader.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace Sluice {

BodyReader::BodyReader(QList<BodyPiece> pieces, QString filePath, BlobIdentity expected)
    : m_pieces(std::move(pieces))
    , m_filePath(std::move(filePath))
    , m_expected(expected)
{
}

BodyReader::Chunk BodyReader::failure(Transfer::Error error, const QString &text)
{
    m_index = m_pieces.size();
    m_file.close();
    return {{}, error, text};
}

BodyReader::Chunk BodyReader::checkFile()
{
    // One stat(2) per chunk: cheap next to the chunk's copy, and it catches a file that was
    // deleted, replaced or rewritten even though our descriptor still reads the old inode.
    const BlobIdentity now = BlobIdentity::ofPath(m_filePath);
    if (!now.exists)
        return failure(Transfer::Error::FileRemoved, QObject::tr("the file was removed"));
    if (now.inode != m_expected.inode || now.device != m_expected.device)
        return failure(Transfer::Error::FileChanged, QObject::tr("the file was replaced"));
    if (now.size < m_expected.size)
        return failure(Transfer::Error::FileTruncated, QObject::tr("the file was truncated"));
    if (now.size != m_expected.size || now.mtimeNs != m_expected.mtimeNs)
        return failure(Transfer::Error::FileChanged, QObject::tr("the file was modified"));
    if (!m_file.isOpen()) {
        m_file.setFileName(m_filePath);
        if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            return failure(Transfer::Error::ReadFailed, m_file.errorString());
        if (!BlobIdentity::ofDescriptor(m_file.handle()).sameFileAndContent(m_expected))
            return failure(Transfer::Error::FileChanged, QObject::tr("the file was replaced"));
    }
    return {};
}

QByteArray &BodyReader::bufferFor(qint64 size)
{
    // Detached means the socket has let go of it, so its memory can be filled again.
    for (QByteArray &buffer : m_buffers) {
        if (!buffer.isNull() && buffer.isDetached() && buffer.capacity() >= size) {
            buffer.resize(size);
            return buffer;
        }
    }
    for (QByteArray &buffer : m_buffers) {
        if (buffer.isNull() || buffer.isDetached()) {
            buffer = QByteArray(size, Qt::Uninitialized);
            return buffer;
        }
    }
    // Both are still queued in the socket, which keeps its own references.
    m_buffers[0] = QByteArray(size, Qt::Uninitialized);
    return m_buffers[0];
}

BodyReader::Chunk BodyReader::next(qint64 maxBytes)
{
    if (atEnd())
        return {};
    const BodyPiece &piece = m_pieces[m_index];
    if (!piece.isFile()) {
        ++m_index;
        m_offsetInPiece = 0;
        return {piece.literal, Transfer::Error::None, {}};
    }

    if (Chunk check = checkFile(); check.error != Transfer::Error::None)
        return check;
    const qint64 length = std::min(maxBytes, piece.fileLength - m_offsetInPiece);
    QByteArray &buffer = bufferFor(length);
    char *out = buffer.data();
    qint64 done = 0;
    while (done < length) {
        const ssize_t n = ::pread(m_file.handle(), out + done, size_t(length - done),
                                  off_t(piece.fileOffset + m_offsetInPiece + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failure(Transfer::Error::ReadFailed,
                           QString::fromLocal8Bit(std::strerror(errno)));
        if (n == 0)
            return failure(Transfer::Error::FileTruncated, QObject::tr("the file was truncated"));
        done += n;
    }
    m_offsetInPiece += length;
    if (m_offsetInPiece >= piece.fileLength) {
        ++m_index;
        m_offsetInPiece = 0;
    }
    if (atEnd())
        m_file.close();
    return {buffer, Transfer::Error::None, {}};
}

} // namespace Sluice
