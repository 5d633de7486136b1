#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include <QCryptographicHash>
#include <QDateTime>
#include <QLocale>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include "apptranslators.h"
#include "archivechunkjob.h"
#include "archivetree.h"
#include "folderarchive.h"
#include "sharemodel.h"
#include "ziplayout.h"
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
    void memberChangedMidDownloadEndsIt_data();
    void memberChangedMidDownloadEndsIt();
    void ifRangeAndEtagFollowTheSnapshot();
    void otherKindsAreLeftOutWithReasons();
    void unreadableFileIsLeftOut();
    void refusesArchiveBeyondZip64();
    void firstReadComputesCrcsOnTheWay();
    void refusesFolderWithNothingReadable();
    void headlessSharesFolder();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
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
        QVERIFY(!item.reasonInAppLanguage().isEmpty());
        paths.append(item.path);
    }
    paths.sort();
    QCOMPARE(paths,
             QStringList({folderName + QStringLiteral("/only a pipe/fifo"),
                          folderName + QStringLiteral("/outside")}));
    // The shares list names them too, with their reasons, in the share's tooltip.
    ShareModel model(m_server->shares);
    QCOMPARE(model.rowCount(), 1);
    const QString tooltip
        = model.data(model.index(0, ShareModel::Name), Qt::ToolTipRole).toString();
    QVERIFY2(tooltip.contains(folderName
                              + QStringLiteral("/outside: a link that leads outside the folder")),
             qPrintable(tooltip));
    QVERIFY2(tooltip.contains(folderName + QStringLiteral("/only a pipe/fifo: a named pipe")),
             qPrintable(tooltip));
    const QString size = QLocale().formattedDataSize(
        m_server->shares.find(m_token)->currentIdentity.size, 1, QLocale::DataSizeIecFormat);
    QCOMPARE(model.data(model.index(0, ShareModel::Size)).toString(),
             QStringLiteral("6 files, ") + size);
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
    // The shares list says why a resume would start over.
    ShareModel model(m_server->shares);
    const auto statusOf = [&] {
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, ShareModel::Status);
            if (model.data(index, ShareModel::TokenRole).toByteArray() == token)
                return model.data(index).toString();
        }
        return QString();
    };
    QVERIFY2(statusOf().startsWith(QStringLiteral("ready, preparing resume")),
             qPrintable(statusOf()));
    const QByteArray head = early.received().left(early.received().indexOf("\r\n\r\n"));
    QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
    QVERIFY(head.contains(QByteArray("Content-Length: " + QByteArray::number(size))));
    early.socket().abort();

    QVERIFY(waitUntil([&] { return m_server->shares.find(token)->archive->resumable(); }, 60'000));
    QCOMPARE(statusOf(), QStringLiteral("ready"));
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
    QVERIFY2(last.endReason.member.endsWith(QStringLiteral("/big.bin")),
             qPrintable(last.endReason.text()));
}

void tst_Archive::memberChangedMidDownloadEndsIt_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("grows") << QStringLiteral("grows");
    QTest::newRow("vanishes") << QStringLiteral("vanishes");
    QTest::newRow("replaced, same size") << QStringLiteral("replaced");
}

void tst_Archive::memberChangedMidDownloadEndsIt()
{
    // A folder whose last member is large: a slow client is still on it when it changes.
    QFETCH(QString, change);
    const QString folder = m_server->pathOf(QStringLiteral("changing"));
    QDir(folder).removeRecursively();
    QVERIFY(QDir().mkpath(folder));
    const QString first = folder + QStringLiteral("/a.txt");
    const QString large = folder + QStringLiteral("/z-large.bin");
    QVERIFY(TestServer::writeFile(first, "first member"));
    const QByteArray largeBytes = TestServer::patternBytes(24 * 1024 * 1024, 11);
    QVERIFY(TestServer::writeFile(large, largeBytes));
    const QByteArray token = m_server->shares.addFile(folder).token;
    QVERIFY(!token.isEmpty());
    QVERIFY(waitUntil([&] { return m_server->shares.find(token)->archive->resumable(); }, 60'000));
    const QByteArray oldEtag = m_server->shares.find(token)->etag;
    const qint64 archiveSize = m_server->shares.find(token)->currentIdentity.size;

    // The whole archive as it is, then a slow download of it.
    RawClient fast(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(fast.waitForConnected());
    const ParsedResponse whole = fast.request(getRequest(m_server->linkPath(token)));
    QCOMPARE(whole.status, 200);
    QCOMPARE(whole.body.size(), archiveSize);
    RawClient slow(m_server->port(), QHostAddress::LocalHost, 64 * 1024);
    QVERIFY(slow.waitForConnected());
    slow.send(getRequest(m_server->linkPath(token), "Connection: close\r\n"));
    QVERIFY(waitUntil([&] {
        slow.readPending();
        return slow.received().size() > 1024 * 1024;
    }));

    if (change == QLatin1String("grows")) {
        QFile file(large);
        QVERIFY(file.open(QIODevice::Append));
        QCOMPARE(file.write("more"), 4);
    } else if (change == QLatin1String("vanishes")) {
        QVERIFY(QFile::remove(large));
    } else {
        // Written beside it and renamed over it: the same size, another file.
        const QString replacement = folder + QStringLiteral("/.replacement");
        QVERIFY(
            TestServer::writeFile(replacement, TestServer::patternBytes(largeBytes.size(), 12)));
        QVERIFY(::rename(QFile::encodeName(replacement).constData(),
                         QFile::encodeName(large).constData())
                == 0);
    }
    QVERIFY(waitUntil(
        [&] {
            slow.readPending();
            return slow.isDisconnected();
        },
        60'000));
    slow.readPending();
    const ParsedResponse cut = parseResponses(slow.received(), {}, true).value(0);
    QCOMPARE(cut.status, 200);
    QVERIFY(!cut.complete);
    QVERIFY(cut.body.size() < archiveSize);
    QVERIFY2(whole.body.startsWith(cut.body), "only bytes of the snapshot were sent");
    QVERIFY(
        waitUntil([&] { return m_server->shares.find(token)->status == Share::Status::Changed; }));
    const Transfer last = m_server->transfers.transfers().constLast();
    QVERIFY2(last.error == Transfer::Error::FileChanged
                 || last.error == Transfer::Error::FileRemoved,
             qPrintable(last.endReason.text()));
    QVERIFY2(last.endReason.member.endsWith(QStringLiteral("/z-large.bin")),
             qPrintable(last.endReason.text()));

    // Sharing the folder again takes a new snapshot under the same link.
    const ShareRegistry::AddResult again = m_server->shares.addFile(folder);
    QCOMPARE(again.token, token);
    QCOMPARE(int(m_server->shares.find(token)->status), int(Share::Status::Available));
    QVERIFY(m_server->shares.find(token)->etag != oldEtag);
    ExpectedMembers expected;
    expected.insert(QStringLiteral("changing/a.txt"), first);
    if (QFileInfo::exists(large))
        expected.insert(QStringLiteral("changing/z-large.bin"), large);
    RawClient after(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(after.waitForConnected());
    const ParsedResponse renewed = after.request(getRequest(m_server->linkPath(token)));
    QCOMPARE(renewed.status, 200);
    const QString saved = m_scratch.filePath(QStringLiteral("renewed.zip"));
    QVERIFY(TestServer::writeFile(saved, renewed.body));
    const QString problem = verifyArchive(saved, expected, m_scratch.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_Archive::ifRangeAndEtagFollowTheSnapshot()
{
    QVERIFY(waitForCrcs());
    const QByteArray target = m_server->linkPath(m_token);
    RawClient client(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(client.waitForConnected());
    const ParsedResponse whole = client.request(getRequest(target));
    QCOMPARE(whole.status, 200);
    const QByteArray etag = whole.header("etag");
    QVERIFY(!etag.isEmpty());
    QCOMPARE(etag, m_server->shares.find(m_token)->etag);

    const ParsedResponse ranged
        = client.request(getRequest(target, "Range: bytes=10-19\r\nIf-Range: " + etag + "\r\n"));
    QCOMPARE(ranged.status, 206);
    QCOMPARE(ranged.body, whole.body.mid(10, 10));
    const ParsedResponse stale = client.request(
        getRequest(target, "Range: bytes=10-19\r\nIf-Range: \"another-version\"\r\n"));
    QCOMPARE(stale.status, 200);
    QCOMPARE(stale.body, whole.body);
    const ParsedResponse unchanged
        = client.request(getRequest(target, "If-None-Match: " + etag + "\r\n"));
    QCOMPARE(unchanged.status, 304);

    // Another snapshot of the folder is another version: the old ETag no longer matches.
    QVERIFY(TestServer::writeFile(QDir(m_root).filePath(QStringLiteral("nested/small.txt")),
                                  TestServer::patternBytes(123, 99)));
    QFile touched(QDir(m_root).filePath(QStringLiteral("nested/small.txt")));
    QVERIFY(touched.open(QIODevice::ReadWrite));
    QVERIFY(touched.setFileTime(QDateTime::currentDateTime().addSecs(5),
                                QFileDevice::FileModificationTime));
    touched.close();
    RawClient noticing(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(noticing.waitForConnected());
    noticing.send(getRequest(target, "Connection: close\r\n"));
    QVERIFY(noticing.waitForDisconnected());
    QVERIFY(!parseResponses(noticing.received(), {}, true).value(0).complete);
    QVERIFY(waitUntil(
        [&] { return m_server->shares.find(m_token)->status == Share::Status::Changed; }));
    QCOMPARE(m_server->shares.addFile(m_root).token, m_token);
    const QByteArray newEtag = m_server->shares.find(m_token)->etag;
    QVERIFY(newEtag != etag);
    RawClient later(m_server->port(), QHostAddress::LocalHost);
    QVERIFY(later.waitForConnected());
    QCOMPARE(later.request(getRequest(target, "If-None-Match: " + etag + "\r\n")).status, 200);
}

void tst_Archive::otherKindsAreLeftOutWithReasons()
{
    const QString folder = m_server->pathOf(QStringLiteral("kinds"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/kept.txt"), "kept"));
    const QByteArray socketPath = QFile::encodeName(folder + QStringLiteral("/socket"));
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    QVERIFY(size_t(socketPath.size()) < sizeof address.sun_path);
    std::memcpy(address.sun_path, socketPath.constData(), size_t(socketPath.size()));
    const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(listener >= 0);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QStringList expected {QStringLiteral("kinds/socket: a socket")};
    // A device node needs CAP_MKNOD (root, outside most containers' limits).
    if (::mknod(QFile::encodeName(folder + QStringLiteral("/device")).constData(), S_IFCHR | 0644,
                makedev(1, 3))
        == 0)
        expected.append(QStringLiteral("kinds/device: a device"));
    else
        qWarning("no device node (%s): only the socket is checked", std::strerror(errno));
    const QByteArray token = m_server->shares.addFile(folder).token;
    ::close(listener);
    QVERIFY(!token.isEmpty());
    QStringList found;
    for (const auto &item : m_server->shares.find(token)->archive->leftOut)
        found.append(item.path + QStringLiteral(": ") + item.reasonInAppLanguage());
    found.sort();
    expected.sort();
    QCOMPARE(found, expected);
    QCOMPARE(m_server->shares.find(token)->archive->fileCount, 1);
}

void tst_Archive::unreadableFileIsLeftOut()
{
    // Root reads everything, so the server runs as an unprivileged user where the test is root.
    QTemporaryDir base(QStringLiteral("/tmp/sluice-unreadable-XXXXXX"));
    QVERIFY(base.isValid());
    const QString folder = base.filePath(QStringLiteral("mixed"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/readable.txt"), "readable"));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/secret.txt"), "secret"));
    QVERIFY(QFile::setPermissions(folder + QStringLiteral("/secret.txt"), {}));
    const auto everyone = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
        | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
        | QFileDevice::ExeOther;
    QVERIFY(QFile::setPermissions(base.path(), everyone));
    QVERIFY(QFile::setPermissions(folder, everyone));
    // A copy beside the folder: the build tree may sit under folders only root can enter.
    QString program = base.filePath(QStringLiteral("sluice"));
    QVERIFY(QFile::copy(QStringLiteral(SLUICE_BINARY), program));
    QVERIFY(QFile::setPermissions(program, everyone));
    QStringList arguments {
        QStringLiteral("--headless"), QStringLiteral("--blob"), folder,
        QStringLiteral("--port"),     QStringLiteral("0"),      QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1")};
    if (::geteuid() == 0) {
        const QString setpriv = tool("setpriv");
        if (setpriv.isEmpty())
            QSKIP("running as root without setpriv: cannot drop to an unprivileged user");
        arguments
            = QStringList {QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"),
                           QStringLiteral("--clear-groups"), program}
            + arguments;
        program = setpriv;
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), base.path()); // the unprivileged user's caches
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), base.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), base.path());
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    QVERIFY(waitUntil(
        [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }));
    const QString link = QString::fromUtf8(process.readLine().trimmed());
    QVERIFY2(link.startsWith(QStringLiteral("http://")),
             qPrintable(link + QString::fromLocal8Bit(process.readAllStandardError())));
    const QString page = link.left(link.lastIndexOf(u'/') + 1);
    const ToolResult result = runTool(tool("curl"), {QStringLiteral("-sSf"), page});
    process.terminate();
    QVERIFY(process.waitForFinished(5'000));
    QVERIFY2(result.exitCode == 0, result.output.constData());
    const QString html = QString::fromUtf8(result.output);
    QVERIFY2(html.contains(QStringLiteral("mixed/secret.txt: permission denied")),
             qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("Contents: 1 file")), qPrintable(html));
}

void tst_Archive::refusesArchiveBeyondZip64()
{
    // Two members whose sizes add up past what an archive served over HTTP can describe.
    QList<ArchiveEntry> entries(2);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        entries[i].name = "huge/part" + QByteArray::number(i);
        entries[i].identity.exists = true;
        entries[i].identity.isRegularFile = true;
        entries[i].identity.size = std::numeric_limits<qint64>::max() / 2;
    }
    QString error;
    QVERIFY(!ZipLayout::build(entries, &error));
    QVERIFY2(error.contains(QStringLiteral("8 EiB")), qPrintable(error));
}

void tst_Archive::firstReadComputesCrcsOnTheWay()
{
    // No background pass here: reading the archive once, in order, as a first download does,
    // fills in every CRC, and the bytes made carry them (the tools check each one).
    QString error;
    const std::shared_ptr<FolderArchive> archive
        = FolderArchive::fromSnapshot(FolderSnapshot::take(m_root), &error);
    QVERIFY2(archive, qPrintable(error));
    QVERIFY(!archive->resumable());
    const qint64 size = archive->layout->size();
    QByteArray bytes;
    ArchiveChunkJob job;
    job.layout = archive->layout;
    job.crcs = archive->crcs;
    for (qint64 offset = 0; offset < size; offset += job.length) {
        job.offset = offset;
        job.length = std::min<qint64>(256 * 1024, size - offset);
        job.run();
        QVERIFY2(job.error == Transfer::Error::None, qPrintable(job.reason.text()));
        QCOMPARE(job.made, job.length);
        bytes += job.buffer.left(job.length);
    }
    QVERIFY(archive->resumable());
    const QString saved = m_scratch.filePath(QStringLiteral("streamed.zip"));
    QVERIFY(TestServer::writeFile(saved, bytes));
    const QString problem = verifyArchive(saved, m_expected, m_scratch.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
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
