#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "apptranslators.h"
#include "httptestclient.h"
#include "sharemodel.h"
#include "sharerules.h"
#include "testserver.h"
#include "throttledreader.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 3 * 1024 * 1024 + 5;
const QString fileName = QStringLiteral("holiday photos.bin");

QDateTime fromNow(qint64 ms)
{
    return QDateTime::currentDateTimeUtc().addMSecs(ms);
}

} // namespace

// A share's links expire at a wall-clock time: every new request for it gets 410 with a page
// that says nothing about the file, transfers that started before go on, and a new time renews
// it.
class tst_Expiry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void expiredShareIsGoneEverywhere_data();
    void expiredShareIsGoneEverywhere();
    void expiresAtItsTimeAndRenews();
    void runningTransferFinishesAfterExpiry();
    void indexLeavesExpiredSharesOut();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QByteArray m_link;
};

void tst_Expiry::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Expiry::init()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.listSharesAtRoot = true;
    m_server = std::make_unique<TestServer>(settings);
    QVERIFY(m_server->start());
    m_token = m_server->shareNewFile(fileName, fileSize);
    m_link = m_server->linkPath(m_token);
    QVERIFY(waitUntil([&] { return !m_server->shares.find(m_token)->sha256.isEmpty(); }));
}

void tst_Expiry::cleanup()
{
    m_server.reset();
}

void tst_Expiry::expiredShareIsGoneEverywhere_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("head");
    QTest::addRow("page") << getRequest("/TOKEN/") << false;
    QTest::addRow("page in a browser")
        << getRequest("/TOKEN/", "Accept: text/html\r\nSec-Fetch-Mode: navigate\r\n") << false;
    QTest::addRow("short link") << getRequest("/TOKEN") << false;
    QTest::addRow("file") << getRequest("LINK") << false;
    QTest::addRow("range") << getRequest("LINK", "Range: bytes=100-199\r\n") << false;
    QTest::addRow("HEAD") << getRequest("LINK", {}, "HEAD") << true;
    QTest::addRow("checksum") << getRequest("LINK.sha256") << false;
    QTest::addRow("unlock form") << QByteArray(
        "POST /TOKEN/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\n"
        "password=x") << false;
}

void tst_Expiry::expiredShareIsGoneEverywhere()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, head);
    request.replace("LINK", m_link).replace("TOKEN", m_token);

    RawClient before(m_server->port());
    QVERIFY(before.request(request, head).status != 410);

    QVERIFY(m_server->shares.setExpiry(m_token, fromNow(-1'000)));
    RawClient client(m_server->port());
    const ParsedResponse response = client.request(request, head);
    QCOMPARE(response.status, 410);
    QVERIFY(response.header("content-type").startsWith("text/html"));
    QCOMPARE(response.header("cache-control"), QByteArray("no-store"));
    // Nothing about the file: not its name, size, type or digest.
    const QByteArray sha256 = m_server->shares.find(m_token)->sha256;
    for (const QByteArray &secret :
         {fileName.toUtf8(), QByteArray("holiday"), QByteArray::number(fileSize),
          QByteArray("3.0 MiB"), sha256.toHex(), sha256.toBase64()}) {
        QVERIFY2(!response.body.contains(secret), secret.constData());
        for (const auto &header : response.headers)
            QVERIFY2(!header.second.contains(secret), header.first.constData());
    }
    if (!head)
        QVERIFY(response.body.contains("expired"));

    // Renewed: served again.
    QVERIFY(m_server->shares.setExpiry(m_token, fromNow(3'600'000)));
    RawClient renewed(m_server->port());
    QVERIFY(renewed.request(request, head).status != 410);
}

void tst_Expiry::expiresAtItsTimeAndRenews()
{
    ShareModel model(m_server->shares);
    const QModelIndex status = model.index(model.rowOf(m_token), ShareModel::Status);
    QSignalSpy expired(&m_server->shares, &ShareRegistry::shareExpired);
    const QDateTime when = fromNow(1'500);
    QVERIFY(m_server->shares.setExpiry(m_token, when));
    QCOMPARE(model.index(status.row(), 0).data(ShareModel::ExpiresAtRole).toDateTime(), when);

    RawClient client(m_server->port());
    QCOMPARE(client.request(getRequest(m_link)).status, 200);
    QCOMPARE(status.data().toString(), QStringLiteral("ready"));
    QVERIFY(!status.data(ShareModel::ExpiredRole).toBool());

    // The registry's timer notices the time: the model shows it without a request.
    QVERIFY(expired.wait(5'000));
    QCOMPARE(expired.size(), 1);
    QVERIFY(QDateTime::currentDateTimeUtc() >= when);
    QCOMPARE(status.data().toString(), QStringLiteral("expired"));
    QVERIFY(status.data(ShareModel::ExpiredRole).toBool());
    QCOMPARE(client.request(getRequest(m_link)).status, 410);

    // Renewing sets a new time; the share stays until that one.
    QVERIFY(m_server->shares.setExpiry(m_token, fromNow(3'600'000)));
    QCOMPARE(status.data().toString(), QStringLiteral("ready"));
    QCOMPARE(client.request(getRequest(m_link)).status, 200);
    QVERIFY(m_server->shares.setExpiry(m_token, {})); // no expiry at all
    QVERIFY(!ShareRules::expiresAt(m_server->shares.find(m_token)->policies).isValid());
    QCOMPARE(client.request(getRequest(m_link)).status, 200);
}

void tst_Expiry::runningTransferFinishesAfterExpiry()
{
    const qint64 size = 24 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("big.bin"), size);
    ThrottledReader::Options options;
    options.bytesPerSecond = 8 * 1024 * 1024;
    options.keepBody = true;
    ThrottledReader reader(m_server->port(), m_server->linkPath(token), options);
    QVERIFY(waitUntil([&] { return reader.bodyBytesRead() > 1024 * 1024; }));

    QSignalSpy expired(&m_server->shares, &ShareRegistry::shareExpired);
    QVERIFY(m_server->shares.setExpiry(token, fromNow(200)));
    QVERIFY(expired.wait(5'000));
    RawClient late(m_server->port());
    QCOMPARE(late.request(getRequest(m_server->linkPath(token))).status, 410);
    QVERIFY2(!reader.finished(), "the file went before the share expired: make it larger");

    QVERIFY(waitUntil([&] { return reader.finished(); }, 30'000));
    QVERIFY(!reader.failed());
    QCOMPARE(reader.body(), TestServer::contentOf(m_server->pathOf(QStringLiteral("big.bin"))));
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    QCOMPARE(m_server->transfers.transfers().constFirst().state, Transfer::State::Completed);
}

void tst_Expiry::indexLeavesExpiredSharesOut()
{
    RawClient client(m_server->port());
    QVERIFY(client.request(getRequest("/")).body.contains(m_token));
    QVERIFY(m_server->shares.setExpiry(m_token, fromNow(-1)));
    QVERIFY(!client.request(getRequest("/")).body.contains(m_token));
}

QTEST_GUILESS_MAIN(tst_Expiry)
#include "tst_expiry.moc"
