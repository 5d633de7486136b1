#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "httptestclient.h"
#include "sharestatefile.h"
#include "sharerules.h"
#include "sharestatekeeper.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QString sluiceBinary = QStringLiteral(SLUICE_BINARY);

ParsedResponse get(quint16 port, const QByteArray &path)
{
    RawClient client(port);
    return client.request("GET " + path
                          + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

Share::Status statusOf(const TestServer &server, const QByteArray &token)
{
    const Share *share = server.shares.find(token);
    return share ? share->status : Share::Status::Missing;
}

// The first link line a headless run prints, then stops it.
QByteArray firstLinkOfHeadlessRun(const QStringList &arguments, QByteArray *errors)
{
    QProcess process;
    process.start(sluiceBinary,
                  QStringList {QStringLiteral("--headless"), QStringLiteral("--port"),
                               QStringLiteral("0"), QStringLiteral("--bind"),
                               QStringLiteral("127.0.0.1")}
                      + arguments);
    if (!waitUntil(
            [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }))
        return {};
    const QByteArray line = process.readLine().trimmed();
    process.terminate();
    process.waitForFinished(10'000);
    *errors = process.readAllStandardError();
    return line;
}

} // namespace

// Shares keep their tokens across restarts through the state file.
class tst_ShareState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void sharesComeBackWithTheirLinks();
    void missingFileIsListedAndServedWhenBack();
    void policiesAndNumbersRoundTrip();
    void passwordSurvivesARestart();
    void rulesSurviveARestart();
    void corruptFileIsMovedAsideAndStartIsEmpty_data();
    void corruptFileIsMovedAsideAndStartIsEmpty();
    void savingIsAtomicAndOnlyWhenSomethingChanged();
    void forgettingDeletesTheFileAndWritesNothing();
    void failedSaveIsReported();
    void headlessStateIsOptIn();

private:
    QString statePath() const { return m_dir->filePath(QStringLiteral("state/shares.json")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_ShareState::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_ShareState::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_ShareState::sharesComeBackWithTheirLinks()
{
    QByteArray link;
    QByteArray content;
    {
        TestServer before;
        ShareStateKeeper keeper(before.shares, ShareStateFile(statePath()));
        const QByteArray token = before.shareNewFile(QStringLiteral("holiday photos.zip"), 70'000);
        QVERIFY(!token.isEmpty());
        link = before.linkPath(token);
        content = TestServer::contentOf(before.pathOf(QStringLiteral("holiday photos.zip")));
        QVERIFY(before.start());
        QCOMPARE(get(before.port(), link).body, content);
        QTRY_VERIFY(QFile::exists(statePath())); // saved shortly after the change
        // Moved to another temporary folder that outlives this server.
        QVERIFY(QFile::rename(before.pathOf(QStringLiteral("holiday photos.zip")),
                              m_dir->filePath(QStringLiteral("holiday photos.zip"))));
    }
    // Restored with the old path: put the file back where the saved state says it is.
    ShareStateFile file(statePath());
    ShareStateFile::Loaded loaded = file.load();
    QCOMPARE(loaded.shares.size(), 1);
    loaded.shares[0].path = m_dir->filePath(QStringLiteral("holiday photos.zip"));
    QVERIFY(file.save(loaded.shares, nullptr));

    TestServer after;
    ShareStateKeeper keeper(after.shares, ShareStateFile(statePath()));
    const ShareStateKeeper::Restored restored = keeper.restore();
    QCOMPARE(restored.shares, 1);
    QVERIFY(restored.problem.isEmpty());
    QVERIFY(after.start());
    const ParsedResponse response = get(after.port(), link);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, content);
    QCOMPARE(response.header("content-disposition").contains("holiday"), true);
}

void tst_ShareState::missingFileIsListedAndServedWhenBack()
{
    TestServer server;
    const QByteArray token = server.shareNewFile(QStringLiteral("report.pdf"), 5'000);
    const QString path = server.pathOf(QStringLiteral("report.pdf"));
    const QByteArray content = TestServer::contentOf(path);
    const QByteArray link = server.linkPath(token);
    {
        ShareStateKeeper keeper(server.shares, ShareStateFile(statePath()));
        keeper.saveNow();
    }
    QVERIFY(server.shares.remove(token));
    QVERIFY(QFile::remove(path));

    ShareStateKeeper keeper(server.shares, ShareStateFile(statePath()));
    QCOMPARE(keeper.restore().shares, 1);
    QVERIFY2(server.shares.find(token), "a missing file is listed, not dropped");
    QTRY_COMPARE(statusOf(server, token), Share::Status::Missing);
    QVERIFY(server.start());
    QCOMPARE(get(server.port(), link).status, 404);

    QVERIFY(TestServer::writeFile(path, content));
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(server, token) != Share::Status::Missing, 10'000);
    const ParsedResponse back = get(server.port(), link);
    QCOMPARE(back.status, 200);
    QCOMPARE(back.body, content);
}

void tst_ShareState::passwordSurvivesARestart()
{
    // Saved as its PBKDF2 hash only; after a restart the share still asks for the same password.
    TestServer before;
    const QByteArray token = before.shareNewFile(QStringLiteral("private.txt"), 2'000);
    const QString path = before.pathOf(QStringLiteral("private.txt"));
    QVERIFY(before.shares.setPassword(token, QStringLiteral("correct horse")));
    {
        ShareStateKeeper keeper(before.shares, ShareStateFile(statePath()));
        keeper.saveNow();
    }
    const QByteArray saved = TestServer::contentOf(statePath());
    QVERIFY2(!saved.contains("correct horse"), saved.constData());
    QVERIFY(before.shares.remove(token));

    TestServer after;
    QVERIFY(TestServer::writeFile(after.pathOf(QStringLiteral("unused")), "")); // its own folder
    ShareStateKeeper keeper(after.shares, ShareStateFile(statePath()));
    QCOMPARE(keeper.restore().shares, 1);
    QVERIFY(after.shares.find(token)->password.isSet());
    QVERIFY(after.start());
    QTRY_VERIFY(statusOf(after, token) == Share::Status::Available);
    const QByteArray link = after.shares.find(token)->linkPath();
    QCOMPARE(get(after.port(), link).status, 401);
    RawClient client(after.port());
    QVERIFY(client.waitForConnected());
    const ParsedResponse opened = client.request(getRequest(
        link, "Authorization: Basic " + QByteArray(":correct horse").toBase64() + "\r\n"));
    QCOMPARE(opened.status, 200);
    QCOMPARE(opened.body, TestServer::contentOf(path));

    // A saved password that cannot be read keeps the share locked, never opens it.
    QVERIFY(after.shares.remove(token));
    QByteArray broken = saved;
    QVERIFY(broken.contains("\"iterations\": 20000"));
    broken.replace("\"iterations\": 20000", "\"iterations\": 1");
    QVERIFY(TestServer::writeFile(statePath(), broken));
    TestServer third;
    ShareStateKeeper brokenKeeper(third.shares, ShareStateFile(statePath()));
    QCOMPARE(brokenKeeper.restore().shares, 1);
    QVERIFY(third.shares.find(token)->password.isSet());
    QVERIFY(third.start());
    QTRY_VERIFY(statusOf(third, token) == Share::Status::Available);
    QCOMPARE(get(third.port(), link).status, 401);
}

void tst_ShareState::policiesAndNumbersRoundTrip()
{
    SavedShare share;
    share.token = "3q2-7w_Zk1S5oQm7b0xV9A";
    share.path = QStringLiteral("/srv/films/été.mkv");
    share.name = QStringLiteral("été.mkv");
    share.mimeType = QStringLiteral("video/x-matroska");
    share.sharedIdentity.exists = share.sharedIdentity.isRegularFile = true;
    share.sharedIdentity.device = 0xfd01;
    share.sharedIdentity.inode = 0x7fffffffffff1234ULL; // beyond a double's 53 bits
    share.sharedIdentity.size = 5'000'000'123;
    share.sharedIdentity.mtimeNs = 1'764'000'000'123'456'789;
    share.sharedAt = QDateTime(QDate(2026, 12, 2), QTime(8, 30, 1, 250), Qt::UTC);
    share.completedDownloads = 7;
    share.policies.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-12-09T00:00:00Z"));
    share.policies.insert(QStringLiteral("maxDownloads"), 10);

    ShareStateFile file(statePath());
    QVERIFY(file.save({share}, nullptr));
    const ShareStateFile::Loaded loaded = file.load();
    QVERIFY(loaded.problem.isEmpty());
    QCOMPARE(loaded.shares.size(), 1);
    const SavedShare &back = loaded.shares.first();
    QCOMPARE(back.token, share.token);
    QCOMPARE(back.path, share.path);
    QCOMPARE(back.name, share.name);
    QCOMPARE(back.mimeType, share.mimeType);
    QCOMPARE(back.sharedIdentity.inode, share.sharedIdentity.inode);
    QCOMPARE(back.sharedIdentity.size, share.sharedIdentity.size);
    QCOMPARE(back.sharedIdentity.mtimeNs, share.sharedIdentity.mtimeNs);
    QCOMPARE(back.sharedIdentity.device, share.sharedIdentity.device);
    QCOMPARE(back.sharedAt, share.sharedAt);
    QCOMPARE(back.completedDownloads, 7);
    QCOMPARE(back.policies, share.policies);
}

void tst_ShareState::rulesSurviveARestart()
{
    // Set through the registry, saved by the keeper, back after a restart: an expired share is
    // still expired, a capped one still capped.
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600).addMSecs(250);
    QByteArray capped;
    QByteArray expired;
    TestServer before;
    {
        ShareStateKeeper keeper(before.shares, ShareStateFile(statePath()));
        capped = before.shareNewFile(QStringLiteral("capped.bin"), 1000);
        expired = before.shareNewFile(QStringLiteral("expired.bin"), 1000);
        QVERIFY(before.shares.setExpiry(capped, later));
        QVERIFY(before.shares.setMaxDownloads(capped, 3));
        QVERIFY(before.shares.setExpiry(expired, QDateTime::currentDateTimeUtc().addSecs(-5)));
        keeper.saveNow();
    }
    TestServer after;
    ShareStateKeeper keeper(after.shares, ShareStateFile(statePath()));
    QCOMPARE(keeper.restore().shares, 2);
    const Share *back = after.shares.find(capped);
    QVERIFY(back);
    QCOMPARE(ShareRules::expiresAt(back->policies), later);
    QCOMPARE(ShareRules::maxDownloads(back->policies), 3);
    QVERIFY(!ShareRules::isExpired(*back));
    QVERIFY(after.shares.find(expired));
    QVERIFY(ShareRules::isExpired(*after.shares.find(expired)));
    QCOMPARE(ShareRules::maxDownloads(after.shares.find(expired)->policies), 0);
    QVERIFY(after.start());
    QCOMPARE(get(after.port(), after.linkPath(expired)).status, 410);
}

void tst_ShareState::corruptFileIsMovedAsideAndStartIsEmpty_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addRow("cut short") << QByteArray(R"({"version":1,"shares":[{"token":"ab)");
    QTest::addRow("not json") << QByteArray("\x7f"
                                            "ELF\x02\x01\x01");
    QTest::addRow("a list") << QByteArray("[1,2,3]");
    QTest::addRow("future version") << QByteArray(R"({"version":99,"shares":[]})");
    QTest::addRow("shares not a list") << QByteArray(R"({"version":1,"shares":"x"})");
}

void tst_ShareState::corruptFileIsMovedAsideAndStartIsEmpty()
{
    QFETCH(QByteArray, content);
    QVERIFY(QDir().mkpath(QFileInfo(statePath()).path()));
    QVERIFY(TestServer::writeFile(statePath(), content));

    TestServer server;
    ShareStateKeeper keeper(server.shares, ShareStateFile(statePath()));
    const ShareStateKeeper::Restored restored = keeper.restore();
    QCOMPARE(restored.shares, 0);
    QVERIFY(!restored.problem.isEmpty());
    QCOMPARE(server.shares.count(), 0);
    QVERIFY2(!QFile::exists(statePath()), "moved aside");
    QCOMPARE(TestServer::contentOf(restored.movedTo), content);

    // Sluice goes on and saves a good list in its place.
    QVERIFY(!server.shareNewFile(QStringLiteral("new.txt"), 10).isEmpty());
    keeper.saveNow();
    QCOMPARE(ShareStateFile(statePath()).load().shares.size(), 1);
}

void tst_ShareState::savingIsAtomicAndOnlyWhenSomethingChanged()
{
    TestServer server;
    ShareStateKeeper keeper(server.shares, ShareStateFile(statePath()));
    QVERIFY(!server.shareNewFile(QStringLiteral("a.txt"), 10).isEmpty());
    keeper.saveNow();
    const QFileInfo first(statePath());
    QVERIFY(first.exists());
    const auto inode = QFileInfo(statePath()).fileTime(QFileDevice::FileModificationTime);

    // Nothing changed: not written again.
    keeper.saveNow();
    QCOMPARE(QFileInfo(statePath()).fileTime(QFileDevice::FileModificationTime), inode);

    // A change is written to a new file renamed over the old: no temporary file stays behind.
    QVERIFY(!server.shareNewFile(QStringLiteral("b.txt"), 10).isEmpty());
    keeper.saveNow();
    QCOMPARE(ShareStateFile(statePath()).load().shares.size(), 2);
    QCOMPARE(QDir(QFileInfo(statePath()).path()).entryList(QDir::Files),
             QStringList {QStringLiteral("shares.json")});
}

void tst_ShareState::forgettingDeletesTheFileAndWritesNothing()
{
    TestServer server;
    ShareStateKeeper keeper(server.shares, ShareStateFile(statePath()));
    QVERIFY(!server.shareNewFile(QStringLiteral("a.txt"), 10).isEmpty());
    keeper.saveNow();
    QVERIFY(QFile::exists(statePath()));
    keeper.setRemembering(false);
    QVERIFY(!QFile::exists(statePath()));
    QVERIFY(!server.shareNewFile(QStringLiteral("b.txt"), 10).isEmpty());
    keeper.saveNow();
    QVERIFY(!QFile::exists(statePath()));
}

void tst_ShareState::failedSaveIsReported()
{
    QVERIFY(TestServer::writeFile(m_dir->filePath(QStringLiteral("a file")), "x"));
    TestServer server;
    // A folder that cannot exist: its parent is a file.
    ShareStateKeeper keeper(server.shares,
                            ShareStateFile(m_dir->filePath(QStringLiteral("a file/shares.json"))));
    QSignalSpy failed(&keeper, &ShareStateKeeper::saveFailed);
    QVERIFY(!server.shareNewFile(QStringLiteral("a.txt"), 10).isEmpty());
    keeper.saveNow();
    QCOMPARE(failed.count(), 1);
}

void tst_ShareState::headlessStateIsOptIn()
{
    const QString blob = m_dir->filePath(QStringLiteral("blob.bin"));
    QVERIFY(TestServer::writeFile(blob, "blob"));
    QByteArray errors;
    const QByteArray first = firstLinkOfHeadlessRun(
        {QStringLiteral("--state"), statePath(), QStringLiteral("--blob"), blob}, &errors);
    QVERIFY2(first.startsWith("http://127.0.0.1:"), errors.constData());
    QVERIFY(QFile::exists(statePath()));

    // The next run serves the same link with no file named.
    const QByteArray second
        = firstLinkOfHeadlessRun({QStringLiteral("--state"), statePath()}, &errors);
    QVERIFY2(!second.isEmpty(), errors.constData());
    QCOMPARE(second.mid(second.indexOf('/', 8)), first.mid(first.indexOf('/', 8)));

    // Without --state a run starts fresh: another token.
    const QByteArray fresh = firstLinkOfHeadlessRun({QStringLiteral("--blob"), blob}, &errors);
    QVERIFY(!fresh.isEmpty());
    QVERIFY(fresh.mid(fresh.indexOf('/', 8)) != first.mid(first.indexOf('/', 8)));

    // A corrupt state file is moved aside and the run starts anyway.
    QVERIFY(TestServer::writeFile(statePath(), "{not json"));
    const QByteArray afterCorrupt = firstLinkOfHeadlessRun(
        {QStringLiteral("--state"), statePath(), QStringLiteral("--blob"), blob}, &errors);
    QVERIFY2(afterCorrupt.startsWith("http://"), errors.constData());
    QVERIFY2(errors.contains("moved to"), errors.constData());
}

QTEST_GUILESS_MAIN(tst_ShareState)
#include "tst_sharestate.moc"
