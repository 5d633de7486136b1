#include <QStandardPaths>
#include <QTest>

#include "httptestclient.h"
#include "passwordgate.h"
#include "testserver.h"
#include "toolrun.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 2 * 1024 * 1024 + 99;
const QString password = QStringLiteral("correct horse");

QByteArray basic(const QByteArray &userAndPassword)
{
    return "Authorization: Basic " + userAndPassword.toBase64() + "\r\n";
}

const QByteArray browserHeaders
    = "Accept: text/html,application/xhtml+xml\r\nSec-Fetch-Mode: navigate\r\n";

QByteArray formPost(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + browserHeaders
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

// A share with a password: Basic auth for command-line clients, a form and ticket links for
// browsers, nothing about the share before either, and a limit on wrong guesses.
class tst_Password : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void nothingLeaksBeforeUnlocking_data();
    void nothingLeaksBeforeUnlocking();
    void indexHidesProtectedShares();
    void basicAuthOpensIt();
    void formGivesTicketLinks();
    void ticketOpensOnlyItsShare();
    void expiredOrForgedTicketGetsTheFormAgain();
    void sixthWrongPasswordInAMinuteIsRefused();
    void largeFormBodyIsRefused();
    void ticketsAreMaskedInTheLog_data();
    void ticketsAreMaskedInTheLog();
    void curlWithAndWithoutCredentials();
    void wgetWithAndWithoutCredentials();
    void aria2cSegmentedWithCredentials();

private:
    QByteArray unlockWithForm(RawClient &client);
    QString url(const QByteArray &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
            .arg(m_server->port())
            .arg(QString::fromLatin1(path));
    }
    QString requireTool(const char *name)
    {
        return QStandardPaths::findExecutable(QString::fromLatin1(name));
    }

    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QByteArray m_content;
    QTemporaryDir m_downloads;
};

void tst_Password::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Password::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    // Modified long ago, so its Last-Modified cannot be mistaken for a response's Date.
    const QString path = m_server->pathOf(QStringLiteral("secret plans.pdf"));
    QVERIFY(TestServer::writeFile(path, TestServer::patternBytes(fileSize)));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime(QDate(2020, 5, 17), QTime(12, 0), Qt::UTC),
                                 QFileDevice::FileModificationTime));
    }
    m_token = m_server->shareExistingFile(path);
    QVERIFY(!m_token.isEmpty());
    QVERIFY(m_server->shares.setPassword(m_token, password));
    m_content = TestServer::contentOf(m_server->pathOf(QStringLiteral("secret plans.pdf")));
    // The digest is known: it must still not be given away.
    QVERIFY(waitUntil([&] { return !m_server->shares.find(m_token)->sha256.isEmpty(); }));
    m_downloads.remove();
    m_downloads = QTemporaryDir();
}

void tst_Password::nothingLeaksBeforeUnlocking_data()
{
    QTest::addColumn<QByteArray>("suffix");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<int>("status");
    const QByteArray name = "/secret%20plans.pdf";
    QTest::addRow("GET file") << name << QByteArray("GET") << QByteArray() << 401;
    QTest::addRow("HEAD file") << name << QByteArray("HEAD") << QByteArray() << 401;
    QTest::addRow("range") << name << QByteArray("GET") << QByteArray("Range: bytes=0-99\r\n")
                           << 401;
    QTest::addRow("checksum") << name + ".sha256" << QByteArray("GET") << QByteArray() << 401;
    QTest::addRow("page, tool") << QByteArray("/") << QByteArray("GET") << QByteArray() << 401;
    QTest::addRow("page, browser") << QByteArray("/") << QByteArray("GET") << browserHeaders << 200;
    QTest::addRow("file, browser") << name << QByteArray("GET") << browserHeaders << 403;
    QTest::addRow("wrong password") << name << QByteArray("GET") << basic(":wrong") << 401;
    QTest::addRow("forged ticket")
        << "/123456789999.AAAA" + name << QByteArray("GET") << QByteArray() << 401;
}

void tst_Password::nothingLeaksBeforeUnlocking()
{
    QFETCH(QByteArray, suffix);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, extra);
    QFETCH(int, status);
    RawClient client(m_server->port());
    const ParsedResponse response
        = client.request(getRequest("/" + m_token + suffix, extra, method), method == "HEAD");
    QCOMPARE(response.status, status);
    const Share &share = *m_server->shares.find(m_token);
    QByteArray everything = response.statusLine;
    for (const auto &field : response.headers)
        everything += field.first + ": " + field.second + "\n";
    everything += response.body;
    for (const QByteArray &secret :
         {QByteArray("secret"), QByteArray::number(fileSize), share.etag, share.lastModified,
          share.sha256.toBase64(), share.sha256.toHex(), QByteArray("application/pdf")})
        QVERIFY2(!everything.contains(secret),
                 QByteArray(secret + " in " + everything).constData());
    if (status == 401)
        QCOMPARE(response.header("www-authenticate"),
                 QByteArray("Basic realm=\"Sluice\", charset=\"UTF-8\""));
    else
        QVERIFY(response.body.contains("type=\"password\""));
}

void tst_Password::indexHidesProtectedShares()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.listSharesAtRoot = true;
    m_server->server.setSettings(settings);
    RawClient client(m_server->port());
    const ParsedResponse index = client.request(getRequest("/", browserHeaders));
    QCOMPARE(index.status, 200);
    QVERIFY(index.body.contains(QByteArray("/" + m_token + "/")));
    QVERIFY(!index.body.contains("secret"));
    QVERIFY(!index.body.contains("MiB"));
}

void tst_Password::basicAuthOpensIt()
{
    RawClient client(m_server->port());
    const QByteArray link = m_server->linkPath(m_token);
    const ParsedResponse file
        = client.request(getRequest(link, basic("anyone:" + password.toUtf8())));
    QCOMPARE(file.status, 200);
    QCOMPARE(file.body, m_content);
    QVERIFY(file.hasHeader("repr-digest"));
    const ParsedResponse range
        = client.request(getRequest(link, basic(":" + password.toUtf8()) + "Range: bytes=5-9\r\n"));
    QCOMPARE(range.status, 206);
    QCOMPARE(range.body, m_content.mid(5, 5));
    // The page, unlocked by Basic, links with a ticket.
    const ParsedResponse page
        = client.request(getRequest("/" + m_token + "/", basic(":" + password.toUtf8())));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("secret plans.pdf"));
}

QByteArray tst_Password::unlockWithForm(RawClient &client)
{
    const ParsedResponse redirect = client.request(
        formPost("/" + m_token + "/", "password=" + QUrl::toPercentEncoding(password)));
    if (redirect.status != 303)
        return {};
    return redirect.header("location");
}

void tst_Password::formGivesTicketLinks()
{
    RawClient client(m_server->port());
    const QByteArray ticketPage = unlockWithForm(client);
    QVERIFY(ticketPage.startsWith(QByteArray("/" + m_token + "/")));
    QVERIFY(ticketPage.endsWith("/"));
    const ParsedResponse page = client.request(getRequest(ticketPage, browserHeaders));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("cache-control"), QByteArray("no-store"));
    const QByteArray fileLink = ticketPage + "secret%20plans.pdf";
    QVERIFY(page.body.contains(QByteArray("href=\"" + fileLink + "\" download")));
    // The ticket link needs nothing else: a download manager without cookies gets the file,
    // and resumes.
    RawClient tool(m_server->port());
    const ParsedResponse file = tool.request(getRequest(fileLink));
    QCOMPARE(file.status, 200);
    QCOMPARE(file.body, m_content);
    const ParsedResponse resumed = tool.request(getRequest(fileLink, "Range: bytes=1000-\r\n"));
    QCOMPARE(resumed.status, 206);
    QCOMPARE(resumed.body, m_content.mid(1000));
    QCOMPARE(tool.request(getRequest(fileLink + ".sha256")).status, 200);

    // A wrong password gets the form again, saying so.
    const ParsedResponse wrong = client.request(formPost("/" + m_token + "/", "password=nope"));
    QCOMPARE(wrong.status, 403);
    QVERIFY(wrong.body.contains("not right"));
}

void tst_Password::ticketOpensOnlyItsShare()
{
    const QByteArray other = m_server->shareNewFile(QStringLiteral("other.bin"), 1000);
    QVERIFY(m_server->shares.setPassword(other, password));
    RawClient client(m_server->port());
    const QByteArray ticketPage = unlockWithForm(client);
    const QByteArray ticket = ticketPage.sliced(m_token.size() + 2).chopped(1);
    QVERIFY(!ticket.isEmpty());
    const ParsedResponse response
        = client.request(getRequest("/" + other + "/" + ticket + "/other.bin"));
    QCOMPARE(response.status, 401);
    QCOMPARE(client
                 .request(getRequest("/" + m_token + "/" + ticket + "/secret%20plans.pdf",
                                     "Range: bytes=0-0\r\n"))
                 .status,
             206);
}

void tst_Password::expiredOrForgedTicketGetsTheFormAgain()
{
    m_server->server.passwordGate().setTicketLifetime(std::chrono::seconds(-1));
    RawClient client(m_server->port());
    const QByteArray expiredPage = unlockWithForm(client);
    QVERIFY(!expiredPage.isEmpty());
    const ParsedResponse expired = client.request(getRequest(expiredPage, browserHeaders));
    QCOMPARE(expired.status, 200);
    QVERIFY(expired.body.contains("type=\"password\""));
    QVERIFY(!expired.body.contains("secret"));

    m_server->server.passwordGate().setTicketLifetime(std::chrono::hours(1));
    QByteArray forged = unlockWithForm(client);
    forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
    const ParsedResponse forgedPage = client.request(getRequest(forged, browserHeaders));
    QCOMPARE(forgedPage.status, 200);
    QVERIFY(forgedPage.body.contains("type=\"password\""));
    const ParsedResponse forgedFile
        = client.request(getRequest(forged + "secret%20plans.pdf", browserHeaders));
    QCOMPARE(forgedFile.status, 403);
    QVERIFY(forgedFile.body.contains("type=\"password\""));
}

void tst_Password::sixthWrongPasswordInAMinuteIsRefused()
{
    RawClient client(m_server->port());
    for (int attempt = 1; attempt <= PasswordGate::maxWrongPerMinute; ++attempt)
        QCOMPARE(client.request(formPost("/" + m_token + "/", "password=wrong")).status, 403);
    const ParsedResponse sixth = client.request(formPost("/" + m_token + "/", "password=wrong"));
    QCOMPARE(sixth.status, 429);
    // Within the minute even the right password is not looked at: guessing stops there.
    RawClient next(m_server->port());
    const ParsedResponse seventh
        = next.request(getRequest(m_server->linkPath(m_token), basic(":" + password.toUtf8())));
    QCOMPARE(seventh.status, 429);
    const qint64 retryAfter = seventh.header("retry-after").toLongLong();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 60, seventh.header("retry-after").constData());

    // Another address is not held back.
    const QString curl = requireTool("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const ToolResult other
        = runTool(curl,
                  {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                   QStringLiteral("-w"), QStringLiteral("%{http_code}"),
                   QStringLiteral("--interface"), QStringLiteral("127.0.0.2"), QStringLiteral("-u"),
                   QStringLiteral(":") + password, url(m_server->linkPath(m_token))},
                  m_downloads.path());
    QCOMPARE(other.output, QByteArray("200"));
}

void tst_Password::largeFormBodyIsRefused()
{
    RawClient client(m_server->port());
    const ParsedResponse response
        = client.request(formPost("/" + m_token + "/", "password=" + QByteArray(2000, 'x')));
    QCOMPARE(response.status, 413);
    // The server goes on serving others.
    RawClient other(m_server->port());
    QCOMPARE(other.request(getRequest("/" + m_token + "/", browserHeaders)).status, 200);
}

void tst_Password::ticketsAreMaskedInTheLog_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("masked");
    QTest::addRow("ticket file") << QByteArray("GET /tok/1700000000.abcDEF/name.bin HTTP/1.1")
                                 << QByteArray("GET /tok/-/name.bin HTTP/1.1");
    QTest::addRow("ticket page") << QByteArray("GET /tok/1700000000.abc/ HTTP/1.1")
                                 << QByteArray("GET /tok/-/ HTTP/1.1");
    QTest::addRow("plain link") << QByteArray("GET /tok/name.bin HTTP/1.1")
                                << QByteArray("GET /tok/name.bin HTTP/1.1");
    QTest::addRow("page") << QByteArray("POST /tok/ HTTP/1.1") << QByteArray("POST /tok/ HTTP/1.1");
    QTest::addRow("referer") << QByteArray("http://host:8888/tok/1700000000.abc/")
                             << QByteArray("http://host:8888/tok/-/");
    QTest::addRow("absolute form") << QByteArray("GET http://h/tok/17.x/n?q=/a/b HTTP/1.1")
                                   << QByteArray("GET http://h/tok/-/n?q=/a/b HTTP/1.1");
}

void tst_Password::ticketsAreMaskedInTheLog()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, masked);
    QCOMPARE(PasswordGate::maskTickets(text), masked);
}

void tst_Password::curlWithAndWithoutCredentials()
{
    const QString curl = requireTool("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const QString link = url(m_server->linkPath(m_token));
    const ToolResult refused
        = runTool(curl,
                  {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("refused"),
                   QStringLiteral("-w"), QStringLiteral("%{http_code}"), link},
                  m_downloads.path());
    QCOMPARE(refused.output, QByteArray("401"));
    const ToolResult wrong = runTool(
        curl,
        {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("wrong"), QStringLiteral("-w"),
         QStringLiteral("%{http_code}"), QStringLiteral("-u"), QStringLiteral(":nope"), link},
        m_downloads.path());
    QCOMPARE(wrong.output, QByteArray("401"));
    const ToolResult ok = runTool(curl,
                                  {QStringLiteral("-sS"), QStringLiteral("-f"),
                                   QStringLiteral("-u"), QStringLiteral(":") + password,
                                   QStringLiteral("-o"), QStringLiteral("got"), link},
                                  m_downloads.path());
    QVERIFY2(ok.exitCode == 0, ok.output.constData());
    QCOMPARE(TestServer::contentOf(m_downloads.filePath(QStringLiteral("got"))), m_content);
}

void tst_Password::wgetWithAndWithoutCredentials()
{
    const QString wget = requireTool("wget");
    if (wget.isEmpty())
        QSKIP("wget is not installed");
    const QString link = url(m_server->linkPath(m_token));
    const ToolResult refused = runTool(wget, {QStringLiteral("-q"), link}, m_downloads.path());
    QCOMPARE(refused.exitCode, 6); // wget: authentication failure
    QVERIFY(!QFile::exists(m_downloads.filePath(QStringLiteral("secret plans.pdf"))));
    const ToolResult ok = runTool(wget,
                                  {QStringLiteral("-q"), QStringLiteral("--user=x"),
                                   QStringLiteral("--password=") + password, link},
                                  m_downloads.path());
    QVERIFY2(ok.exitCode == 0, ok.output.constData());
    QCOMPARE(TestServer::contentOf(m_downloads.filePath(QStringLiteral("secret plans.pdf"))),
             m_content);
}

void tst_Password::aria2cSegmentedWithCredentials()
{
    const QString aria2c = requireTool("aria2c");
    if (aria2c.isEmpty())
        QSKIP("aria2c is not installed (Debian: aria2)");
    const QString link = url(m_server->linkPath(m_token));
    const QStringList common
        = {QStringLiteral("-x8"), QStringLiteral("-s8"), QStringLiteral("--min-split-size=1M"),
           QStringLiteral("--allow-overwrite=true"), QStringLiteral("--dir=") + m_downloads.path()};
    const ToolResult refused = runTool(aria2c, common + QStringList {link}, m_downloads.path());
    QVERIFY2(refused.exitCode != 0, refused.output.constData());
    const ToolResult ok
        = runTool(aria2c,
                  common
                      + QStringList {QStringLiteral("--http-user=x"),
                                     QStringLiteral("--http-passwd=") + password, link},
                  m_downloads.path());
    QVERIFY2(ok.exitCode == 0, ok.output.right(2000).constData());
    QCOMPARE(TestServer::contentOf(m_downloads.filePath(QStringLiteral("secret plans.pdf"))),
             m_content);
}

QTEST_GUILESS_MAIN(tst_Password)
#include "tst_password.moc"
