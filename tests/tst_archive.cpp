#include <sys/stat.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include "archivetree.h"
#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QString folderName = QStringLiteral("Fotos été 2024 — ünï");

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

bool makeSparse(const QString &path, qint64 size)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.resize(size);
}

} // namespace

class tst_Archive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void archiveChecksAndExtractsIdentical();
    void leftOutMembersHaveReasons();
    void pageListsContentsAndLeftOut();
    void rangeBeforeCrcsGetsWholeArchive();
    void resumesWithCurlAndWget();
    void aria2SegmentedIsIdentical();
    void changedMemberEndsDownloadAndMarksShare();
    void refusesFolderWithNothingReadable();
    void headlessSharesFolder();

private:
    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
            .arg(m_server->port())
            .arg(QString::fromLatin1(m_server->linkPath(m_token)));
    }
    QString download(const QString &name);
    bool waitForCrcs();

    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QString m_root;
    ExpectedMembers m_expected;
    QTemporaryDir m_scratch;
};

void tst_Archive::initTestCase()
{
    for (const char *name : {"curl", "wget", "aria2c", "unzip", "7z", "bsdtar", "python3"}) {
        if (tool(name).isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is not installed").arg(QLatin1String(name))));
    }
}

void tst_Archive::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    QVERIFY(m_scratch.isValid());
    m_root = m_server->pathOf(folderName);
    QDir root(m_root);
    QVERIFY(root.mkpath(QStringLiteral("nested/deeper")));
    QVERIFY(root.mkpath(QStringLiteral("empty folder")));
    QVERIFY(root.mkpath(QStringLiteral("only a pipe")));
    const QString longName = QString(200, u'l') + QStringLiteral("ö.bin");
    const struct
    {
        QString name;
        qint64 size;
    } files[] = {
        {QStringLiteral("日本語のファイル名.txt"), 1000},
        {longName, 70 * 1024 + 3},
        {QStringLiteral("zero.bin"), 0},
        {QStringLiteral("nested/deeper/big.bin"), 3 * 1024 * 1024 + 17},
        {QStringLiteral("nested/small.txt"), 123},
    };
    m_expected.clear();
    quint32 seed = 1;
    for (const auto &file : files) {
        const QString path = root.filePath(file.name);
        QVERIFY(TestServer::writeFile(path, TestServer::patternBytes(file.size, seed++)));
        m_expected.insert(folderName + u'/' + file.name, path);
    }
    // A link inside the folder is followed; one leading out of it, and a pipe, are left out.
    QVERIFY(
        QFile::link(QStringLiteral("nested/small.txt"), root.filePath(QStringLiteral("inside"))));
    m_expected.insert(folderName + QStringLiteral("/inside"),
                      root.filePath(QStringLiteral("nested/small.txt")));
    QVERIFY(TestServer::writeFile(m_server->pathOf(QStringLiteral("outside.txt")), "secret"));
    QVERIFY(QFile::link(m_server->pathOf(QStringLiteral("outside.txt")),
                        root.filePath(QStringLiteral("outside"))));
    QCOMPARE(
        ::mkfifo(QFile::encodeName(root.filePath(QStringLiteral("only a pipe/fifo"))).constData(),
                 0644),
        0);
    m_expected.insert(folderName + QStringLiteral("/empty folder/"), QString());
    m_expected.insert(folderName + QStringLiteral("/only a pipe/"), QString());

    const ShareRegistry::AddResult added = m_server->shares.addFile(m_root);
    QVERIFY2(!added.token.isEmpty(), qPrintable(added.error));
    m_token = added.token;
    QCOMPARE(m_server->shares.find(m_token)->name, folderName + QStringLiteral(".zip"));
}

QString tst_Archive::download(const QString &name)
{
    const QString target = m_scratch.filePath(name);
    QFile::remove(target);
    const ToolResult result
        = runTool(tool("curl"), {QStringLiteral("-sSf"), QStringLiteral("-o"), target, url()});
    return result.exitCode == 0 ? target : QString();
}

bool tst_Archive::waitForCrcs()
{
    return waitUntil([&] { return m_server->shares.find(m_token)->archive->resumable(); }, 60'000);
}

void tst_Archive::archiveChecksAndExtractsIdentical()
{
    const QString archive = download(QStringLiteral("first.zip"));
    QVERIFY(!archive.isEmpty());
    QCOMPARE(QFileInfo(archive).size(), m_server->shares.find(m_token)->currentIdentity.size);
    const QString problem = verifyArchive(archive, m_expected, m_scratch.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The names are UTF-8 (flag bit 11), and the archive says so to every tool.
    const ToolResult listing = runTool(tool("bsdtar"), {QStringLiteral("-tf"), archive});
    QVERIFY(QString::fromUtf8(listing.output).contains(QStringLiteral("日本語のファイル名.txt")));
}

void tst_Archive::leftOutMembersHaveReasons()
{
    const auto &leftOut = m_server->shares.find(m_token)->archive->leftOut;
    QStringList paths;
    for (const auto &item : leftOut) {
        QVERIFY(!item.reason.isEmpty());
        paths.append(item.path);
    }
    paths.sort();
    QCOMPARE(paths,
             QStringList({folderName + QStringLiteral("/only a pipe/fifo"),
                          folderName + QStringLiteral("/outside")}));
}

void tst_Archive::pageListsContentsAndLeftOut()
{
    RawClient client(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(client.waitForConnected());
    const ParsedResponse page = client.request(getRequest('/' + m_token + '/'));
    QCOMPARE(page.status, 200);
    const QString html = QString::fromUtf8(page.body);
    QVERIFY2(html.contains(QStringLiteral("Contents: 6 files")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("日本語のファイル名.txt")));
    QVERIFY(html.contains(QStringLiteral("empty folder/")));
    QVERIFY(html.contains(QStringLiteral("Left out")));
    QVERIFY(html.contains(QStringLiteral("/outside: a link that leads outside the folder")));
}

void tst_Archive::rangeBeforeCrcsGetsWholeArchive()
{
    // A member large enough that its CRC takes a while: a range asked for at once is answered
    // with the whole archive; once the CRCs are known, with the range.
    const QString big = m_server->pathOf(QStringLiteral("slow crc"));
    QVERIFY(QDir().mkpath(big));
    QVERIFY(makeSparse(big + QStringLiteral("/zeros.bin"), 512 * 1024 * 1024));
    const QByteArray token = m_server->shares.addFile(big).token;
    QVERIFY(!token.isEmpty());
    const qint64 size = m_server->shares.find(token)->currentIdentity.size;
    RawClient early(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(early.waitForConnected());
    const QByteArray target = m_server->linkPath(token);
    early.send(getRequest(target, "Range: bytes=" + QByteArray::number(size - 100) + "-\r\n"));
    QVERIFY(waitUntil([&] { return early.received().size() > 200; }));
    QVERIFY(!m_server->shares.find(token)->archive->resumable());
    const QByteArray head = early.received().left(early.received().indexOf("\r\n\r\n"));
    QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
    QVERIFY(head.contains(QByteArray("Content-Length: " + QByteArray::number(size))));
    early.socket().abort();

    QVERIFY(waitUntil([&] { return m_server->shares.find(token)->archive->resumable(); }, 60'000));
    RawClient later(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(later.waitForConnected());
    const ParsedResponse tail = later.request(
        getRequest(target, "Range: bytes=" + QByteArray::number(size - 100) + "-\r\n"));
    QCOMPARE(tail.status, 206);
    QCOMPARE(tail.body.size(), 100);
    QVERIFY(tail.body.contains("PK\x05\x06")); // the end record closes the archive
}

void tst_Archive::resumesWithCurlAndWget()
{
    QVERIFY(waitForCrcs());
    const QString whole = download(QStringLiteral("whole.zip"));
    QVERIFY(!whole.isEmpty());
    const QByteArray bytes = TestServer::contentOf(whole);
    for (const char *client : {"curl", "wget"}) {
        const qint64 cut = QRandomGenerator::global()->bounded(qint64(1), bytes.size() - 1);
        const QString target
            = m_scratch.filePath(QStringLiteral("resumed-%1.zip").arg(QLatin1String(client)));
        QVERIFY(TestServer::writeFile(target, bytes.left(cut)));
        const QStringList arguments = QByteArrayView(client) == "curl"
            ? QStringList {QStringLiteral("-sSf"),
                           QStringLiteral("-C"),
                           QStringLiteral("-"),
                           QStringLiteral("-o"),
                           target,
                           url()}
            : QStringList {QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("-O"), target,
                           url()};
        const ToolResult result = runTool(tool(client), arguments);
        QVERIFY2(result.exitCode == 0, result.output.constData());
        QVERIFY2(
            TestServer::contentOf(target) == bytes,
            qPrintable(QStringLiteral("%1 resumed at %2").arg(QLatin1String(client)).arg(cut)));
        QCOMPARE(m_server->transfers.transfers().constLast().range,
                 "bytes " + QByteArray::number(cut) + '-' + QByteArray::number(bytes.size() - 1));
    }
}

void tst_Archive::aria2SegmentedIsIdentical()
{
    QVERIFY(waitForCrcs());
    const QString whole = download(QStringLiteral("whole.zip"));
    QVERIFY(!whole.isEmpty());
    const ToolResult result
        = runTool(tool("aria2c"),
                  {QStringLiteral("-q"), QStringLiteral("-x8"), QStringLiteral("-s8"),
                   QStringLiteral("--min-split-size=1M"), QStringLiteral("--allow-overwrite=true"),
                   QStringLiteral("-d"), m_scratch.path(), QStringLiteral("-o"),
                   QStringLiteral("aria2.zip"), url()});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(TestServer::contentOf(m_scratch.filePath(QStringLiteral("aria2.zip"))),
             TestServer::contentOf(whole));
    int ranged = 0;
    for (const Transfer &transfer : m_server->transfers.transfers())
        ranged += transfer.range.isEmpty() ? 0 : 1;
    QVERIFY2(ranged >= 2, "aria2c did not download in segments");
}

void tst_Archive::changedMemberEndsDownloadAndMarksShare()
{
    QVERIFY(waitForCrcs());
    const QString whole = download(QStringLiteral("before.zip"));
    QVERIFY(!whole.isEmpty());
    const QByteArray before = TestServer::contentOf(whole);
    // The big member grows: a download ends at it, after the right bytes only.
    QFile grown(QDir(m_root).filePath(QStringLiteral("nested/deeper/big.bin")));
    QVERIFY(grown.open(QIODevice::Append));
    QVERIFY(grown.write("more") == 4);
    grown.close();
    const QString target = m_scratch.filePath(QStringLiteral("after.zip"));
    QFile::remove(target);
    const ToolResult result
        = runTool(tool("curl"), {QStringLiteral("-sS"), QStringLiteral("-o"), target, url()});
    QVERIFY(result.exitCode != 0);
    const QByteArray after = TestServer::contentOf(target);
    QVERIFY(after.size() < before.size());
    QVERIFY(before.startsWith(after));
    QVERIFY(waitUntil(
        [&] { return m_server->shares.find(m_token)->status == Share::Status::Changed; }));
    const Transfer last = m_server->transfers.transfers().constLast();
    QCOMPARE(last.error, Transfer::Error::FileChanged);
    QVERIFY2(last.endReason.contains(QStringLiteral("big.bin")), qPrintable(last.endReason));
}

void tst_Archive::refusesFolderWithNothingReadable()
{
    const QString empty = m_server->pathOf(QStringLiteral("nothing"));
    QVERIFY(QDir().mkpath(empty));
    ShareRegistry::AddResult added = m_server->shares.addFile(empty);
    QVERIFY(added.token.isEmpty());
    QVERIFY2(added.error.contains(QStringLiteral("nothing that can be read")),
             qPrintable(added.error));
    QCOMPARE(::mkfifo(QFile::encodeName(empty + QStringLiteral("/fifo")).constData(), 0644), 0);
    added = m_server->shares.addFile(empty);
    QVERIFY(added.token.isEmpty());
    QVERIFY2(added.error.contains(QStringLiteral("pipe")), qPrintable(added.error));
}

void tst_Archive::headlessSharesFolder()
{
    QProcess process;
    process.start(QStringLiteral(SLUICE_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--blob"), m_root,
                   QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                   QStringLiteral("127.0.0.1")});
    QVERIFY(waitUntil(
        [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }));
    const QString link = QString::fromUtf8(process.readLine().trimmed());
    QVERIFY2(link.endsWith(
                 QString::fromUtf8(QUrl::toPercentEncoding(folderName + QStringLiteral(".zip")))),
             qPrintable(link));
    const QString target = m_scratch.filePath(QStringLiteral("headless.zip"));
    const ToolResult result
        = runTool(tool("curl"), {QStringLiteral("-sSf"), QStringLiteral("-o"), target, link});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    const QString problem = verifyArchive(target, m_expected, m_scratch.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    process.terminate();
    QVERIFY(process.waitForFinished(5'000));
}

QTEST_GUILESS_MAIN(tst_Archive)
#include "tst_archive.moc"
