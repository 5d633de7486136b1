#include "bodyreader.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

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
    m_buffer = QByteArray();
}

BodyReader::Segment BodyReader::failure(Transfer::Error error, const QString &text)
{
    m_index = m_pieces.size();
    closeFile();
    Segment segment;
    segment.error = error;
    segment.errorText = text;
    return segment;
}

BodyReader::Segment BodyReader::openFile()
{
    if (!m_file) {
        bool changed = false;
        m_file = OpenFile::open(m_encodedPath, m_expected, &changed);
        if (changed)
            return failure(Transfer::Error::FileChanged, QObject::tr("the file was replaced"));
        if (!m_file)
            return failure(Transfer::Error::ReadFailed,
                           QString::fromLocal8Bit(std::strerror(errno)));
    }
    // Small bodies are read: a mapping costs more system calls than the copy it saves.
    qint64 fileBytes = 0;
    for (const BodyPiece &piece : std::as_const(m_pieces))
        fileBytes += piece.isFile() ? piece.fileLength : 0;
    if (fileBytes >= minimumMappedBytes)
        m_mapping = m_file->mapping();
    return {};
}

BodyReader::Segment BodyReader::checkFile()
{
    if (!m_opened) {
        m_opened = true;
        if (Segment opened = openFile(); opened.error != Transfer::Error::None)
            return opened;
    }
    // While the identity the head was built from is fresh, it vouches for the file.
    if (m_identityFresh)
        return {};
    return checkPath();
}

BodyReader::Segment BodyReader::checkPath()
{
    // One stat(2) per chunk: cheap next to the chunk's copy, and it catches a file that was
    // deleted, replaced or rewritten even though our descriptor still reads the old inode.
    const BlobIdentity now = BlobIdentity::ofEncodedPath(m_encodedPath);
    if (!now.exists)
        return failure(Transfer::Error::FileRemoved, QObject::tr("the file was removed"));
    if (now.inode != m_expected.inode || now.device != m_expected.device)
        return failure(Transfer::Error::FileChanged, QObject::tr("the file was replaced"));
    if (now.size < m_expected.size)
        return failure(Transfer::Error::FileTruncated, QObject::tr("the file was truncated"));
    if (now.size != m_expected.size || now.mtimeNs != m_expected.mtimeNs)
        return failure(Transfer::Error::FileChanged, QObject::tr("the file was modified"));
    if (now.ctimeNs != m_expected.ctimeNs) {
        // Permissions changed (or another attribute): ask once per change, not per chunk.
        if (!BlobIdentity::permitsReading(m_encodedPath, now))
            return failure(Transfer::Error::FileUnreadable,
                           QObject::tr("the file was made unreadable"));
        m_expected.ctimeNs = now.ctimeNs;
    }
    return {};
}

BodyReader::Segment BodyReader::current(qint64 maxBytes)
{
    Segment segment;
    if (atEnd())
        return segment;
    const BodyPiece &piece = m_pieces[m_index];
    if (piece.isFile())
        return readFile(piece, m_offsetInPiece, maxBytes);
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

BodyReader::Segment BodyReader::readFile(const BodyPiece &piece, qint64 offsetInPiece,
                                         qint64 maxBytes)
{
    Segment segment;
    if (bufferedBytes() > 0) {
        // What the socket did not take last time goes first, without a new check.
        segment.bytes = m_window.sliced(m_windowConsumed);
        return segment;
    }
    if (Segment check = checkFile(); check.error != Transfer::Error::None)
        return check;
    const qint64 length = std::min(maxBytes, piece.fileLength - offsetInPiece);
    const qint64 offset = piece.fileOffset + offsetInPiece;
    m_windowConsumed = 0;
    if (m_mapping) {
        m_window = QByteArrayView(m_mapping->data() + offset, length);
        segment.bytes = m_window;
        return segment;
    }
    m_buffer.resize(length); // keeps its capacity: one allocation per connection and chunk size
    qint64 done = 0;
    while (done < length) {
        const ssize_t n = ::pread(m_file->descriptor(), m_buffer.data() + done,
                                  size_t(length - done), off_t(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failure(Transfer::Error::ReadFailed,
                           QString::fromLocal8Bit(std::strerror(errno)));
        if (n == 0)
            return failure(Transfer::Error::FileTruncated, QObject::tr("the file was truncated"));
        done += n;
    }
    m_window = m_buffer;
    segment.bytes = m_window;
    return segment;
}

void BodyReader::advance(qint64 bytes)
{
    while (bytes > 0 && !atEnd()) {
        const qint64 step = std::min(bytes, m_pieces[m_index].length() - m_offsetInPiece);
        if (m_pieces[m_index].isFile()) {
            m_windowConsumed += step;
            if (m_windowConsumed >= m_window.size()) {
                m_window = {};
                m_windowConsumed = 0;
            }
        }
        m_offsetInPiece += step;
        bytes -= step;
        if (m_offsetInPiece >= m_pieces[m_index].length()) {
            ++m_index;
            m_offsetInPiece = 0;
        }
    }
    if (atEnd())
        closeFile();
}

} // namespace Sluice
