// The body cursor against a real file rewritten in place between its steps, without sockets: a
// step's bytes are "sent" between current() and advance().

#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "bodyreader.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 1024 * 1024; // large enough to be sent from a mapping
const QByteArray head = "HTTP/1.1 200 OK\r\n\r\n";

bool rewriteInPlace(const QString &path, const QByteArray &bytes)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool written = ::write(fd, bytes.constData(), size_t(bytes.size())) == bytes.size();
    return ::close(fd) == 0 && written;
}

} // namespace

class tst_BodyReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void changeDuringTheLastMappedSendLeavesTheBodyIncomplete();
    void lastBytesAreACheckedCopy();
    void changeBetweenChunksIsCaughtBeforeTheNextOne();

private:
    std::unique_ptr<BodyReader> readerOverTheFile();

    QTemporaryDir m_dir;
    QString m_path;
    QByteArray m_original;
    QByteArray m_rewritten;
};

void tst_BodyReader::init()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("blob.bin"));
    m_original = TestServer::patternBytes(fileSize, 1);
    m_rewritten = TestServer::patternBytes(fileSize, 2);
    QVERIFY(TestServer::writeFile(m_path, m_original));
    // An hour ago: a rewrite now gets another time even where timestamps are coarse.
    const struct timespec times[2] = {{0, UTIME_OMIT}, {::time(nullptr) - 3600, 0}};
    QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(m_path).constData(), times, 0), 0);
}

std::unique_ptr<BodyReader> tst_BodyReader::readerOverTheFile()
{
    BodyPiece whole;
    whole.fileLength = fileSize;
    auto reader
        = std::make_unique<BodyReader>(head, QList<BodyPiece> {whole}, QFile::encodeName(m_path),
                                       BlobIdentity::ofPath(m_path), nullptr);
    // The head goes first, on its own.
    const BodyReader::Segment first = reader->current(fileSize);
    if (first.bytes != head)
        return nullptr;
    reader->advance(first.bytes.size());
    reader->identityAged();
    return reader;
}

void tst_BodyReader::changeDuringTheLastMappedSendLeavesTheBodyIncomplete()
{
    const std::unique_ptr<BodyReader> reader = readerOverTheFile();
    QVERIFY(reader);
    // One step could hold the whole body: the step taken is the last one sent from the mapping.
    const BodyReader::Segment chunk = reader->current(2 * fileSize);
    QCOMPARE(int(chunk.error), int(Transfer::Error::None));
    QVERIFY(!chunk.bytes.isEmpty());
    QVERIFY(m_original.startsWith(chunk.bytes));
    const qint64 handedOut = chunk.bytes.size();

    // The file is rewritten while the kernel copies the chunk: the check after it says so, and
    // nothing else is handed out, so the body stays short of its length.
    QVERIFY(rewriteInPlace(m_path, m_rewritten));
    const BodyReader::Segment afterSend = reader->advance(chunk.bytes.size());
    QCOMPARE(int(afterSend.error), int(Transfer::Error::FileChanged));
    QVERIFY(reader->atEnd());
    QVERIFY2(handedOut < fileSize, "the whole body went out before the check");
    QVERIFY(reader->current(fileSize).bytes.isEmpty());
}

void tst_BodyReader::lastBytesAreACheckedCopy()
{
    const std::unique_ptr<BodyReader> reader = readerOverTheFile();
    QVERIFY(reader);
    const BodyReader::Segment chunk = reader->current(2 * fileSize);
    QCOMPARE(int(reader->advance(chunk.bytes.size()).error), int(Transfer::Error::None));
    QVERIFY(!reader->atEnd());

    // The rest was read and checked before it is handed out: a later rewrite cannot alter it.
    const BodyReader::Segment last = reader->current(2 * fileSize);
    QCOMPARE(int(last.error), int(Transfer::Error::None));
    QCOMPARE(chunk.bytes.size() + last.bytes.size(), fileSize);
    QVERIFY(rewriteInPlace(m_path, m_rewritten));
    QCOMPARE(last.bytes, QByteArrayView(m_original).last(last.bytes.size()));
}

void tst_BodyReader::changeBetweenChunksIsCaughtBeforeTheNextOne()
{
    const std::unique_ptr<BodyReader> reader = readerOverTheFile();
    QVERIFY(reader);
    const BodyReader::Segment chunk = reader->current(64 * 1024);
    QCOMPARE(int(reader->advance(chunk.bytes.size()).error), int(Transfer::Error::None));
    QVERIFY(rewriteInPlace(m_path, m_rewritten));
    const BodyReader::Segment next = reader->current(64 * 1024);
    QCOMPARE(int(next.error), int(Transfer::Error::FileChanged));
    QVERIFY(next.bytes.isEmpty());
    QVERIFY(reader->atEnd());
}

QTEST_GUILESS_MAIN(tst_BodyReader)
#include "tst_bodyreader.moc"
