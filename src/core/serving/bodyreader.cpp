#include "bodyreader.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace Sluice {
namespace {

constexpr qint64 minimumMappedBytes = 256 * 1024;
// A mapped body's last bytes are copied and checked before they are sent, never sent from the
// mapping: the response completes only with bytes checked after they left the page cache.
constexpr qint64 checkedTailBytes = 4 * 1024;

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

BodyReader::Segment BodyReader::ensureOpen()
{
    if (m_opened)
        return {};
    m_opened = true;
    return openFile();
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

BodyReader::Segment BodyReader::checkCopied()
{
    // A write(2) updates the modification time before it changes bytes (and so does the first
    // write through a mapping): when the version is still the one the head described, the bytes
    // copied out of it so far were that version's. fstat(2) on our own descriptor, no path walk.
    const BlobIdentity now = BlobIdentity::ofDescriptor(m_file->descriptor());
    if (!now.exists)
        return failure(Transfer::Error::ReadFailed, QString::fromLocal8Bit(std::strerror(errno)));
    if (now.size < m_expected.size)
        return failure(Transfer::Error::FileTruncated, QObject::tr("the file was truncated"));
    if (now.size != m_expected.size || now.mtimeNs != m_expected.mtimeNs)
        return failure(Transfer::Error::FileChanged, QObject::tr("the file was modified"));
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
    if (Segment opened = ensureOpen(); opened.error != Transfer::Error::None)
        return opened;
    qint64 length = std::min(maxBytes, piece.fileLength - offsetInPiece);
    const qint64 offset = piece.fileOffset + offsetInPiece;
    const qint64 tailStart = &piece == &m_pieces.constLast()
        ? std::max<qint64>(0, piece.fileLength - checkedTailBytes)
        : piece.fileLength;
    m_windowConsumed = 0;
    m_windowMapped = m_mapping && offsetInPiece < tailStart;
    if (m_windowMapped) {
        // Checked before (unless the head's identity still vouches for the file) and, once the
        // kernel has taken the whole window, after: see advance().
        if (!m_identityFresh) {
            if (Segment check = checkPath(); check.error != Transfer::Error::None)
                return check;
        }
        length = std::min(length, tailStart - offsetInPiece);
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
    // Checked after the copy, so the bytes about to be sent are the ones the check vouches for.
    if (Segment check = m_identityFresh ? checkCopied() : checkPath();
        check.error != Transfer::Error::None)
        return check;
    m_window = m_buffer;
    segment.bytes = m_window;
    return segment;
}

BodyReader::Segment BodyReader::advance(qint64 bytes)
{
    bool mappedWindowSent = false;
    while (bytes > 0 && !atEnd()) {
        const qint64 step = std::min(bytes, m_pieces[m_index].length() - m_offsetInPiece);
        if (m_pieces[m_index].isFile()) {
            m_windowConsumed += step;
            if (m_windowConsumed >= m_window.size()) {
                mappedWindowSent = m_windowMapped;
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
    // The kernel copied the window from the mapping during the sends: a change under them
    // shows now, and ends the response before anything else goes out.
    const Segment check = mappedWindowSent ? checkCopied() : Segment {};
    if (atEnd())
        closeFile();
    return check;
}

} // namespace Sluice
