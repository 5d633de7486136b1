#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "apptranslators.h"
#include "blobserver.h"
#include "downloadcounter.h"
#include "httptestclient.h"
#include "sharemodel.h"
#include "sharestatekeeper.h"
#include "testserver.h"
#include "throttledreader.h"
#include "toolrun.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QHostAddress first(QStringLiteral("127.0.0.1"));
const QHostAddress second(QStringLiteral("127.0.0.2"));
const QHostAddress third(QStringLiteral("127.0.0.3"));

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

} // namespace

// Downloads are counted by bytes delivered to a client, whatever the requests that carried
// them, and a share's cap turns away new clients only: those that started go on.
class tst_DownloadCaps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aria2SegmentsCountAsOne();
    void curlCutAndResumedCountsOnceWhenItFinishes();
    void capOfOneLetsTheFirstClientResumeAndRefusesTheSecond();
    void clientThatStartedFinishesAfterTheCapIsReached();
    void previewsHeadAndConditionalsConsumeNothing();
    void completionIsSignalledOncePerClientAndVersion();
    void clientsThatStartedMayResumeAfterARestart();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
    QString url(const QByteArray &token) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
            .arg(m_server->port())
            .arg(QString::fromLatin1(m_server->linkPath(token)));
    }
    int completed(const QByteArray &token) const
    {
        return m_server->shares.find(token)->completedDownloads;
    }
    QByteArray contentOf(const QString &name) const
    {
        return TestServer::contentOf(m_server->pathOf(name));
    }
    // curl's status code for a download to `target` from `from`.
    int curlStatus(const QByteArray &token, const QHostAddress &from, const QString &target,
                   const QStringList &extra = {});

    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_scratch;
};

void tst_DownloadCaps::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_scratch.isValid());
}

void tst_DownloadCaps::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
}

void tst_DownloadCaps::cleanup()
{
    m_server.reset();
}

int tst_DownloadCaps::curlStatus(const QByteArray &token, const QHostAddress &from,
                                 const QString &target, const QStringList &extra)
{
    const ToolResult result
        = runTool(tool("curl"),
                  QStringList {QStringLiteral("-sS"), QStringLiteral("--interface"),
                               from.toString(), QStringLiteral("-o"), target, QStringLiteral("-w"),
                               QStringLiteral("%{http_code}")}
                      + extra + QStringList {url(token)});
    return result.exitCode == 0 ? result.output.trimmed().right(3).toInt() : -1;
}

void tst_DownloadCaps::aria2SegmentsCountAsOne()
{
    if (tool("aria2c").isEmpty())
        QSKIP("aria2c is not installed");
    const QByteArray token = m_server->shareNewFile(QStringLiteral("film.bin"), 24 * 1024 * 1024);
    QVERIFY(m_server->shares.setMaxDownloads(token, 1)); // its segments must not be turned away
    const ToolResult result
        = runTool(tool("aria2c"),
                  {QStringLiteral("-q"), QStringLiteral("-x8"), QStringLiteral("-s8"),
                   QStringLiteral("--min-split-size=1M"), QStringLiteral("--allow-overwrite=true"),
                   QStringLiteral("-d"), m_scratch.path(), QStringLiteral("-o"),
                   QStringLiteral("film.bin"), url(token)});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(TestServer::contentOf(m_scratch.filePath(QStringLiteral("film.bin"))),
             contentOf(QStringLiteral("film.bin")));
    int ranged = 0;
    for (const Transfer &transfer : m_server->transfers.transfers())
        ranged += transfer.range.isEmpty() ? 0 : 1;
    QVERIFY2(ranged >= 4, "aria2c did not download in segments");
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    QTRY_COMPARE(completed(token), 1);
    ShareModel model(m_server->shares);
    QCOMPARE(model.index(0, ShareModel::Downloads).data().toString(), QStringLiteral("1 of 1"));
    QCOMPARE(model.index(0, 0).data(ShareModel::MaxDownloadsRole).toInt(), 1);
}

void tst_DownloadCaps::curlCutAndResumedCountsOnceWhenItFinishes()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    // Large enough that what the client's kernel acknowledged beyond 60 % is far from the end.
    const qint64 size = 48 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("cut.bin"), size);
    const QByteArray content = contentOf(QStringLiteral("cut.bin"));
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
    const qint64 cut = size * 6 / 10;
    {
        ThrottledReader::Options options;
        options.bytesPerSecond = 64 * 1024 * 1024;
        options.keepBody = true;
        ThrottledReader reader(m_server->port(), m_server->linkPath(token), options);
        QVERIFY(waitUntil([&] { return reader.bodyBytesRead() >= cut; }, 30'000));
        reader.setPaused(true);
        QVERIFY(TestServer::writeFile(m_scratch.filePath(QStringLiteral("cut.bin")),
                                      reader.body().first(cut)));
    } // closed at 60 %
    QVERIFY(finished.wait(10'000));
    const QByteArray client = DownloadCounter::clientKey(first);
    const qint64 covered = m_server->server.downloads().coveredBytes(token, client);
    QVERIFY2(covered >= cut && covered < size, qPrintable(QString::number(covered)));
    QCOMPARE(completed(token), 0);

    QCOMPARE(curlStatus(token, first, m_scratch.filePath(QStringLiteral("cut.bin")),
                        {QStringLiteral("-C"), QStringLiteral("-")}),
             206);
    QCOMPARE(TestServer::contentOf(m_scratch.filePath(QStringLiteral("cut.bin"))), content);
    QCOMPARE(m_server->transfers.transfers().constLast().range,
             "bytes " + QByteArray::number(cut) + '-' + QByteArray::number(size - 1));
    QTRY_COMPARE(completed(token), 1);
    QCOMPARE(m_server->server.downloads().coveredBytes(token, client), size);
}

void tst_DownloadCaps::capOfOneLetsTheFirstClientResumeAndRefusesTheSecond()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    const QByteArray token = m_server->shareNewFile(QStringLiteral("once.bin"), 4 * 1024 * 1024);
    const QByteArray content = contentOf(QStringLiteral("once.bin"));
    QVERIFY(m_server->shares.setMaxDownloads(token, 1));
    const QString firstCopy = m_scratch.filePath(QStringLiteral("first.bin"));
    QCOMPARE(curlStatus(token, first, firstCopy), 200);
    QCOMPARE(TestServer::contentOf(firstCopy), content);
    QTRY_COMPARE(completed(token), 1);

    // The cap is reached: the second client is turned away, with nothing about the file.
    const QString secondCopy = m_scratch.filePath(QStringLiteral("second.bin"));
    QCOMPARE(curlStatus(token, second, secondCopy), 410);
    QVERIFY(!TestServer::contentOf(secondCopy).contains("once.bin"));
    RawClient page(m_server->port(), QHostAddress::LocalHost, 0, second);
    QCOMPARE(page.request(getRequest('/' + token + '/')).status, 410);

    // The first client's download is its own: fetching part of it again still works.
    QVERIFY(QFile::resize(firstCopy, content.size() / 3));
    QCOMPARE(curlStatus(token, first, firstCopy, {QStringLiteral("-C"), QStringLiteral("-")}), 206);
    QCOMPARE(TestServer::contentOf(firstCopy), content);
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    QCOMPARE(completed(token), 1);
}

void tst_DownloadCaps::clientThatStartedFinishesAfterTheCapIsReached()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    const qint64 size = 32 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("race.bin"), size);
    const QByteArray content = contentOf(QStringLiteral("race.bin"));
    QVERIFY(m_server->shares.setMaxDownloads(token, 1));
    // The first client gets half and is cut off...
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
    const QString firstCopy = m_scratch.filePath(QStringLiteral("race-first.bin"));
    {
        ThrottledReader::Options options;
        options.bytesPerSecond = 64 * 1024 * 1024;
        options.keepBody = true;
        ThrottledReader reader(m_server->port(), m_server->linkPath(token), options);
        QVERIFY(waitUntil([&] { return reader.bodyBytesRead() >= size / 2; }, 30'000));
        reader.setPaused(true);
        QVERIFY(TestServer::writeFile(firstCopy, reader.body().first(size / 2)));
    }
    QVERIFY(finished.wait(10'000));
    // ...the second completes and uses the only download...
    QCOMPARE(curlStatus(token, second, m_scratch.filePath(QStringLiteral("race-second.bin"))), 200);
    QTRY_COMPARE(completed(token), 1);
    // ...a third, new, is refused, and the first resumes to the end all the same.
    QCOMPARE(curlStatus(token, third, m_scratch.filePath(QStringLiteral("race-third.bin"))), 410);
    QCOMPARE(curlStatus(token, first, firstCopy, {QStringLiteral("-C"), QStringLiteral("-")}), 206);
    QCOMPARE(TestServer::contentOf(firstCopy), content);
    QTRY_COMPARE(completed(token), 2); // the first client's download completed too
}

void tst_DownloadCaps::previewsHeadAndConditionalsConsumeNothing()
{
    const QByteArray token = m_server->shareNewFile(QStringLiteral("card.jpg"), 300 * 1024);
    const QByteArray content = contentOf(QStringLiteral("card.jpg"));
    const QByteArray link = m_server->linkPath(token);
    QVERIFY(m_server->shares.setMaxDownloads(token, 1));
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
    const QList<QByteArray> agents = {
        "WhatsApp/2.23.20.0 A",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Twitterbot/1.0",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    };
    int transfers = 0;
    for (int i = 0; i < agents.size(); ++i) {
        // Each from an address of its own, so none is the client of another's download.
        RawClient client(m_server->port(), QHostAddress::LocalHost, 0,
                         QHostAddress(0x7f000000u + 20u + i));
        const ParsedResponse response
            = client.request(getRequest(link, "User-Agent: " + agents[i] + "\r\n"));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, content);
        ++transfers;
    }
    RawClient other(m_server->port(), QHostAddress::LocalHost, 0, second);
    const ParsedResponse head = other.request(getRequest(link, {}, "HEAD"), true);
    QCOMPARE(head.status, 200);
    QCOMPARE(
        other.request(getRequest(link, "If-None-Match: " + head.header("etag") + "\r\n")).status,
        304);
    QCOMPARE(other.request(getRequest(link, "If-Match: \"another\"\r\n")).status, 412);
    QCOMPARE(other.request(getRequest(link, "Range: bytes=999999999-\r\n")).status, 416);
    QVERIFY(waitUntil([&] { return finished.size() == transfers; }));
    QCOMPARE(completed(token), 0);
    QVERIFY(!m_server->server.downloads().hasStarted(token, DownloadCounter::clientKey(second)));

    // The one download is still there for a person.
    QCOMPARE(other.request(getRequest(link)).body, content);
    QTRY_COMPARE(completed(token), 1);
}

void tst_DownloadCaps::clientsThatStartedMayResumeAfterARestart()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    // Large beside the kernel's socket buffers, so what they hold does not complete the first.
    const qint64 size = 64 * 1024 * 1024;
    const QString source = m_scratch.filePath(QStringLiteral("kept.bin"));
    QVERIFY(TestServer::writeFile(source, TestServer::patternBytes(size, 7)));
    const QByteArray content = TestServer::contentOf(source);
    const QString statePath = m_scratch.filePath(QStringLiteral("state/shares.json"));
    const QString firstCopy = m_scratch.filePath(QStringLiteral("kept-first.bin"));
    QByteArray token;
    {
        ShareStateKeeper keeper(m_server->shares, ShareStateFile(statePath));
        token = m_server->shareExistingFile(source);
        QVERIFY(m_server->shares.setMaxDownloads(token, 1));
        // The first client gets a quarter and is cut off; the second uses the only download.
        QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
        {
            ThrottledReader::Options options;
            options.bytesPerSecond = 64 * 1024 * 1024;
            options.keepBody = true;
            ThrottledReader reader(m_server->port(), m_server->linkPath(token), options);
            QVERIFY(waitUntil([&] { return reader.bodyBytesRead() >= size / 4; }, 30'000));
            reader.setPaused(true);
            QVERIFY(TestServer::writeFile(firstCopy, reader.body().first(size / 4)));
        }
        QVERIFY(finished.wait(10'000));
        QCOMPARE(curlStatus(token, second, m_scratch.filePath(QStringLiteral("kept-second.bin"))),
                 200);
        QTRY_COMPARE(completed(token), 1);
        keeper.saveNow();
    }
    // The file says who started: the first client, part of the file, and the second, counted.
    const QList<SavedShare> saved = ShareStateFile(statePath).load().shares;
    QCOMPARE(saved.size(), 1);
    const QByteArray firstKey = DownloadCounter::clientKey(first);
    const QByteArray secondKey = DownloadCounter::clientKey(second);
    QVERIFY(saved[0].downloadClients.contains(firstKey));
    QVERIFY(!saved[0].downloadClients.value(firstKey).counted);
    QVERIFY(!saved[0].downloadClients.value(firstKey).received.isEmpty());
    QVERIFY(saved[0].downloadClients.value(secondKey).counted);

    // After a restart: a new client is turned away, the first resumes to the end, and the
    // bytes it got before the restart and after make its download, which counts.
    m_server = std::make_unique<TestServer>();
    ShareStateKeeper keeper(m_server->shares, ShareStateFile(statePath));
    QCOMPARE(keeper.restore().shares, 1);
    QVERIFY(m_server->start());
    QCOMPARE(completed(token), 1);
    QCOMPARE(curlStatus(token, third, m_scratch.filePath(QStringLiteral("kept-third.bin"))), 410);
    QCOMPARE(curlStatus(token, first, firstCopy, {QStringLiteral("-C"), QStringLiteral("-")}), 206);
    QCOMPARE(TestServer::contentOf(firstCopy), content);
    QTRY_COMPARE(completed(token), 2);
    QCOMPARE(m_server->server.downloads().coveredBytes(token, firstKey), size);
    // The second client's download was its own as well: it may fetch the file again.
    QCOMPARE(curlStatus(token, second, m_scratch.filePath(QStringLiteral("kept-again.bin"))), 200);
}

QTEST_GUILESS_MAIN(tst_DownloadCaps)
void tst_DownloadCaps::completionIsSignalledOncePerClientAndVersion()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    const qint64 size = 2 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("twice.bin"), size);
    QSignalSpy completions(&m_server->server, &BlobServer::downloadCompleted);
    const QString target = m_scratch.filePath(QStringLiteral("twice.bin"));
    QCOMPARE(curlStatus(token, first, target), 200);
    QTRY_COMPARE(completions.size(), 1);
    QCOMPARE(completions.constFirst().at(0).toByteArray(), token);
    QCOMPARE(completions.constFirst().at(1).toByteArray(), DownloadCounter::clientKey(first));
    const Transfer *transfer
        = m_server->transfers.find(completions.constFirst().at(2).toULongLong());
    QVERIFY(transfer);
    QCOMPARE(transfer->shareToken, token);

    // The same client again, and a range of it: the same download.
    QCOMPARE(curlStatus(token, first, target), 200);
    QCOMPARE(curlStatus(token, first, target, {QStringLiteral("-r"), QStringLiteral("0-99")}), 206);
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    QTRY_COMPARE(completed(token), 1);
    QCOMPARE(completions.size(), 1);

    // The file changes on disk: its new version is a new download to announce, still one to
    // count.
    const QByteArray changed = TestServer::patternBytes(size, 4242);
    QVERIFY(TestServer::writeFile(m_server->pathOf(QStringLiteral("twice.bin")), changed));
    QVERIFY(waitUntil([&] {
        return curlStatus(token, first, target) == 200 && TestServer::contentOf(target) == changed;
    }));
    QTRY_COMPARE(completions.size(), 2);
    QCOMPARE(completions.at(1).at(1).toByteArray(), DownloadCounter::clientKey(first));
    QCOMPARE(completed(token), 1);
    // Another client is another download.
    QCOMPARE(curlStatus(token, second, m_scratch.filePath(QStringLiteral("other.bin"))), 200);
    QTRY_COMPARE(completions.size(), 3);
    QCOMPARE(completions.at(2).at(1).toByteArray(), DownloadCounter::clientKey(second));
    QCOMPARE(completed(token), 2);
}

#include "tst_downloadcaps.moc"
