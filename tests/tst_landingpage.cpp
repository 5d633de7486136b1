#include <QCryptographicHash>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

#include "apptranslators.h"
#include "httptestclient.h"
#include "httptokens.h"
#include "pagelanguages.h"
#include "sharepage.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 3 * 1024 * 1024 + 17; // 3.0 MiB
constexpr qsizetype pageLimit = 16 * 1024;

QByteArray browserGet(const QByteArray &target, const QByteArray &acceptLanguage = {})
{
    QByteArray headers = "Accept: text/html,application/xhtml+xml\r\nSec-Fetch-Mode: navigate\r\n";
    if (!acceptLanguage.isNull())
        headers += "Accept-Language: " + acceptLanguage + "\r\n";
    return getRequest(target, headers);
}

} // namespace

// The landing page /<token>/ and the root index: what they show, what they escape, and the
// headers that keep them self-contained.
class tst_LandingPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void pageShowsTheShare();
    void pageIsSelfContained();
    void namesAreEscaped();
    void hashProgressWhileComputing();
    void folderLinkRedirectsToThePage();
    void indexListsPagesOnlyWhenAsked();
    void acceptedLanguageRanges_data();
    void acceptedLanguageRanges();
    void pageSpeaksTheRequestsLanguage_data();
    void pageSpeaksTheRequestsLanguage();
    void pageLanguageIgnoresTheProcessLocale();
    void germanPagesEscapeNames();

private:
    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
};

void tst_LandingPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LandingPage::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_token = m_server->shareNewFile(QStringLiteral("holiday photos.zip"), fileSize);
    QVERIFY(!m_token.isEmpty());
    QVERIFY(waitUntil([&] { return !m_server->shares.find(m_token)->sha256.isEmpty(); }));
}

void tst_LandingPage::pageShowsTheShare()
{
    RawClient client(m_server->port());
    const ParsedResponse page = client.request(browserGet("/" + m_token + "/"));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("content-type"), QByteArray("text/html; charset=utf-8"));
    const QString html = QString::fromUtf8(page.body);
    const QByteArray link = m_server->linkPath(m_token);
    const QString origin = QStringLiteral("http://localhost"); // the request's Host
    QVERIFY2(html.contains(QStringLiteral("<h1>holiday photos.zip</h1>")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("3.0 MiB")));
    QVERIFY(html.contains(QStringLiteral("3,145,745 bytes")));
    QVERIFY(html.contains(QStringLiteral("application/zip")));
    const QByteArray sha
        = QCryptographicHash::hash(
              TestServer::contentOf(m_server->pathOf(QStringLiteral("holiday photos.zip"))),
              QCryptographicHash::Sha256)
              .toHex();
    QVERIFY(html.contains(QString::fromLatin1(sha)));
    QVERIFY(html.contains(QStringLiteral("<a class=\"button\" href=\"%1\" download>Download</a>")
                              .arg(QString::fromLatin1(link))));
    QVERIFY(html.contains(QStringLiteral("href=\"%1.sha256\"").arg(QString::fromLatin1(link))));
    QVERIFY(html.contains(QStringLiteral("resumes")));
    QVERIFY(html.contains(
        QStringLiteral("curl -C - -O '%1%2'").arg(origin, QString::fromLatin1(link))));
    QVERIFY(html.contains(QStringLiteral("wget -c '%1%2'").arg(origin, QString::fromLatin1(link))));
    QVERIFY(html.contains(QStringLiteral("<svg")));
    QVERIFY(html.contains(QStringLiteral("<figcaption>%1/%2/</figcaption>")
                              .arg(origin, QString::fromLatin1(m_token))));

    // The links on the page work.
    const ParsedResponse file = client.request(getRequest(link, "Range: bytes=0-9\r\n"));
    QCOMPARE(file.status, 206);
    QCOMPARE(client.request(getRequest(link + ".sha256")).status, 200);
    const ParsedResponse head = client.request(getRequest("/" + m_token + "/", {}, "HEAD"), true);
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("content-length").toLongLong(), page.body.size());
}

void tst_LandingPage::pageIsSelfContained()
{
    RawClient client(m_server->port());
    const ParsedResponse page = client.request(browserGet("/" + m_token + "/"));
    QCOMPARE(page.status, 200);
    QVERIFY2(page.body.size() < pageLimit, QByteArray::number(page.body.size()).constData());
    QCOMPARE(page.header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(page.header("referrer-policy"), QByteArray("no-referrer"));
    const QByteArray csp = page.header("content-security-policy");
    QVERIFY2(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp.constData());
    QVERIFY(csp.contains("form-action 'self'"));
    QVERIFY(csp.contains("frame-ancestors 'none'"));
    // The style's hash in the policy is the hash of the page's one style element.
    const QRegularExpression style(QStringLiteral("<style>(.*)</style>"),
                                   QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = style.match(QString::fromUtf8(page.body));
    QVERIFY(match.hasMatch());
    const QByteArray styleHash
        = QCryptographicHash::hash(match.captured(1).toUtf8(), QCryptographicHash::Sha256)
              .toBase64();
    QVERIFY(csp.contains(QByteArray("'sha256-" + styleHash + "'")));
    // No script, no external resource: nothing is loaded from anywhere.
    QVERIFY(!page.body.contains("<script"));
    QVERIFY(!page.body.contains(" src="));
    QVERIFY(!page.body.contains("<link"));
    QVERIFY(!page.body.contains("url("));
    QVERIFY(!page.body.contains("@import"));
    // Light and dark, and sized for a phone.
    QVERIFY(page.body.contains("prefers-color-scheme:dark"));
    QVERIFY(page.body.contains("name=\"viewport\" content=\"width=device-width"));
}

void tst_LandingPage::namesAreEscaped()
{
    // A file name cannot hold '/', so "</script>" is out; this one opens a script, an
    // attribute and an entity.
    const QByteArray token
        = m_server->shareNewFile(QStringLiteral("<script>alert(1)<\\script>\"'&amp;.txt"), 100);
    QVERIFY(!token.isEmpty());
    ServerSettings settings = TestServer::defaultSettings();
    settings.listSharesAtRoot = true;
    m_server->server.setSettings(settings);

    RawClient client(m_server->port());
    const ParsedResponse page = client.request(browserGet("/" + token + "/"));
    QCOMPARE(page.status, 200);
    QVERIFY(!page.body.contains("<script"));
    const QByteArray escaped = "&lt;script&gt;alert(1)&lt;\\script&gt;&quot;'&amp;amp;.txt";
    QVERIFY2(page.body.contains(QByteArray("<h1>" + escaped + "</h1>")), page.body.constData());
    QVERIFY(page.body.contains(QByteArray("<title>" + escaped)));
    // Links carry the name percent-encoded.
    QVERIFY(page.body.contains("/%3Cscript%3Ealert%281%29%3C%5Cscript%3E%22%27%26amp%3B.txt\""));

    const ParsedResponse index = client.request(browserGet("/"));
    QCOMPARE(index.status, 200);
    QVERIFY(!index.body.contains("<script"));
    QVERIFY(index.body.contains(escaped));
}

void tst_LandingPage::hashProgressWhileComputing()
{
    SharePage::Content content;
    content.name = QStringLiteral("big.iso");
    content.size = 5 * 1024LL * 1024 * 1024;
    content.hashPercent = 40;
    content.filePath = "/t/big.iso";
    const QByteArray html = SharePage::page(content, PageLanguage());
    QVERIFY(html.contains("computing… 40 %"));
    QVERIFY(html.contains("http-equiv=\"refresh\"")); // looks again without a script
    QVERIFY(html.contains("5.0 GiB"));
    QVERIFY(html.contains("5,368,709,120 bytes"));

    content.sha256 = QByteArray(32, '\x01');
    const QByteArray done = SharePage::page(content, PageLanguage());
    QVERIFY(!done.contains("computing"));
    QVERIFY(!done.contains("http-equiv=\"refresh\""));
    QVERIFY(done.contains(QByteArray(32, '\x01').toHex()));
}

void tst_LandingPage::folderLinkRedirectsToThePage()
{
    RawClient client(m_server->port());
    const ParsedResponse moved = client.request(getRequest("/" + m_token));
    QCOMPARE(moved.status, 301);
    QCOMPARE(moved.header("location"), QByteArray("/" + m_token + "/"));
}

void tst_LandingPage::indexListsPagesOnlyWhenAsked()
{
    RawClient client(m_server->port());
    const ParsedResponse closed = client.request(browserGet("/"));
    QCOMPARE(closed.status, 200);
    QVERIFY(!closed.body.contains(m_token));
    QVERIFY(!closed.body.contains("holiday"));

    ServerSettings settings = TestServer::defaultSettings();
    settings.listSharesAtRoot = true;
    m_server->server.setSettings(settings);
    const ParsedResponse index = client.request(browserGet("/"));
    QCOMPARE(index.status, 200);
    QVERIFY(index.body.contains(
        QByteArray("<a href=\"/" + m_token + "/\">holiday photos.zip</a> (3.0 MiB)")));
    QVERIFY(!index.header("content-security-policy").isEmpty());
}

void tst_LandingPage::acceptedLanguageRanges_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QList<QByteArray>>("ranges");
    QTest::addRow("one") << QByteArray("de") << QList<QByteArray> {"de"};
    QTest::addRow("weights") << QByteArray("en;q=0.8, de;q=0.9,fr")
                             << QList<QByteArray> {"fr", "de", "en"};
    QTest::addRow("ties keep order") << QByteArray("fr-CH, fr;q=0.9, en;q=0.9, *;q=0.5")
                                     << QList<QByteArray> {"fr-ch", "fr", "en", "*"};
    QTest::addRow("q=0 refuses") << QByteArray("de;q=0, en") << QList<QByteArray> {"en"};
    QTest::addRow("spaces and case")
        << QByteArray(" DE-de ; Q=0.5 ,, en") << QList<QByteArray> {"en", "de-de"};
    QTest::addRow("bad weight") << QByteArray("de;q=x, en") << QList<QByteArray> {"en"};
    QTest::addRow("empty") << QByteArray() << QList<QByteArray> {};
}

void tst_LandingPage::acceptedLanguageRanges()
{
    QFETCH(QByteArray, header);
    QFETCH(QList<QByteArray>, ranges);
    QCOMPARE(PageLanguages::acceptedRanges(header), ranges);
}

void tst_LandingPage::pageSpeaksTheRequestsLanguage_data()
{
    QTest::addColumn<QByteArray>("acceptLanguage"); // null: no header
    QTest::addColumn<QByteArray>("language");
    QTest::addRow("de") << QByteArray("de") << QByteArray("de");
    QTest::addRow("de-DE") << QByteArray("de-DE") << QByteArray("de");
    QTest::addRow("de-AT, upper case") << QByteArray("DE-AT") << QByteArray("de");
    QTest::addRow("de before en") << QByteArray("de;q=0.9,en;q=0.8") << QByteArray("de");
    QTest::addRow("weights over order") << QByteArray("en;q=0.5, de") << QByteArray("de");
    QTest::addRow("fr") << QByteArray("fr") << QByteArray("en");
    QTest::addRow("fr, then de") << QByteArray("fr-FR, fr;q=0.9, de;q=0.4") << QByteArray("de");
    QTest::addRow("de refused") << QByteArray("de;q=0, fr") << QByteArray("en");
    QTest::addRow("en-GB") << QByteArray("en-GB,de;q=0.9") << QByteArray("en");
    QTest::addRow("any") << QByteArray("*") << QByteArray("en");
    QTest::addRow("no header") << QByteArray() << QByteArray("en");
}

void tst_LandingPage::pageSpeaksTheRequestsLanguage()
{
    QFETCH(QByteArray, acceptLanguage);
    QFETCH(QByteArray, language);
    const bool german = language == "de";
    RawClient client(m_server->port());
    const ParsedResponse page = client.request(browserGet("/" + m_token + "/", acceptLanguage));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("content-language"), language);
    QVERIFY(HttpTokens::listContainsToken(page.header("vary"), "accept-language"));
    const QString html = QString::fromUtf8(page.body);
    QVERIFY2(html.contains(QStringLiteral("<html lang=\"%1\">").arg(QString::fromLatin1(language))),
             qPrintable(html));
    const QString button = german ? QStringLiteral("download>Herunterladen</a>")
                                  : QStringLiteral("download>Download</a>");
    QVERIFY2(html.contains(button), qPrintable(html));
    // Numbers in the page's language too.
    QVERIFY(html.contains(german ? QStringLiteral("3.145.745 Bytes")
                                 : QStringLiteral("3,145,745 bytes")));
    QVERIFY(html.contains(german ? QStringLiteral("3,0 MiB") : QStringLiteral("3.0 MiB")));

    // The root page and the error pages follow the same choice.
    const ParsedResponse root = client.request(browserGet("/", acceptLanguage));
    QCOMPARE(root.header("content-language"), language);
    QVERIFY(HttpTokens::listContainsToken(root.header("vary"), "accept-language"));
    QVERIFY2(QString::fromUtf8(root.body).contains(
                 german ? QStringLiteral("Dateien werden per Link geteilt.")
                        : QStringLiteral("Files are shared by link.")),
             root.body.constData());
    m_server->shares.setPassword(m_token, QStringLiteral("secret"));
    const ParsedResponse form = client.request(browserGet("/" + m_token + "/", acceptLanguage));
    QCOMPARE(form.header("content-language"), language);
    QVERIFY2(QString::fromUtf8(form.body).contains(german ? QStringLiteral("Ein Passwort ist nötig")
                                                          : QStringLiteral("A password is needed")),
             form.body.constData());
}

// The page speaks the request's language, whatever the process's locale and translators are.
void tst_LandingPage::pageLanguageIgnoresTheProcessLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const auto restore = qScopeGuard([&] { QLocale::setDefault(before); });
    const AppTranslators translators;
    QCOMPARE(translators.language(), QStringLiteral("de_DE"));
    RawClient client(m_server->port());
    const ParsedResponse english = client.request(browserGet("/" + m_token + "/", "fr"));
    QCOMPARE(english.header("content-language"), QByteArray("en"));
    QVERIFY(english.body.contains("download>Download</a>"));
    QVERIFY(english.body.contains("3,145,745 bytes"));
    const ParsedResponse german = client.request(browserGet("/" + m_token + "/", "de"));
    QVERIFY(german.body.contains("download>Herunterladen</a>"));
}

void tst_LandingPage::germanPagesEscapeNames()
{
    const QByteArray token
        = m_server->shareNewFile(QStringLiteral("<script>alert(1)<\\script>\"'&amp;.txt"), 100);
    QVERIFY(!token.isEmpty());
    ServerSettings settings = TestServer::defaultSettings();
    settings.listSharesAtRoot = true;
    m_server->server.setSettings(settings);
    RawClient client(m_server->port());
    const ParsedResponse page = client.request(browserGet("/" + token + "/", "de-DE"));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("content-language"), QByteArray("de"));
    QVERIFY(!page.body.contains("<script"));
    const QByteArray escaped = "&lt;script&gt;alert(1)&lt;\\script&gt;&quot;'&amp;amp;.txt";
    QVERIFY2(page.body.contains(QByteArray("<h1>" + escaped + "</h1>")), page.body.constData());
    QVERIFY(QString::fromUtf8(page.body).contains(QStringLiteral("Herunterladen")));
    const ParsedResponse index = client.request(browserGet("/", "de"));
    QVERIFY(!index.body.contains("<script"));
    QVERIFY(index.body.contains(escaped));
}

QTEST_GUILESS_MAIN(tst_LandingPage)
#include "tst_landingpage.moc"
