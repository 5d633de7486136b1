#include <QRegularExpression>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

// One Combined Log Format line, split into the fields this test checks.
struct LoggedLine
{
    QByteArray requestLine; // as logged (escaped)
    int status = 0;
    qint64 bytes = -1; // "-" reads as 0
};

std::optional<LoggedLine> parseLine(const QByteArray &line)
{
    // peer - - [time] "request line" status bytes "referer" "user agent"
    static const QRegularExpression combined(
        QStringLiteral("^127\\.0\\.0\\.1 - - \\[[^\\]]+\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) "
                       "(\\d+|-) \"(?:[^\"\\\\]|\\\\.)*\" \"(?:[^\"\\\\]|\\\\.)*\"$"));
    const QRegularExpressionMatch match = combined.match(QString::fromLatin1(line));
    if (!match.hasMatch())
        return std::nullopt;
    LoggedLine logged;
    logged.requestLine = match.captured(1).toLatin1();
    logged.status = match.captured(2).toInt();
    logged.bytes = match.captured(3) == u"-" ? 0 : match.captured(3).toLongLong();
    return logged;
}

} // namespace

class tst_AccessLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void everyResponseIsLogged_data();
    void everyResponseIsLogged();
    void headTimeoutIsLoggedWithWhatArrived();
    void refusedConnectionIsLoggedWithoutRequestLine();

private:
    void startWith(ServerSettings settings);
    // The lines written since the log was opened; closes the log.
    QList<LoggedLine> loggedLines();

    std::unique_ptr<TestServer> m_server;
    QByteArray m_link;
    QString m_logPath;
};

void tst_AccessLog::startWith(ServerSettings settings)
{
    m_server = std::make_unique<TestServer>(settings);
    const QByteArray token = m_server->shareNewFile(QStringLiteral("data.bin"), 300 * 1024);
    QVERIFY(!token.isEmpty());
    m_link = m_server->linkPath(token);
    QVERIFY2(m_server->start(), qPrintable(m_server->server.errorString()));
    m_logPath = m_server->pathOf(QStringLiteral("access.log"));
    QString error;
    QVERIFY2(m_server->server.accessLog().openFile(m_logPath, &error), qPrintable(error));
}

void tst_AccessLog::init()
{
    startWith(TestServer::defaultSettings());
}

void tst_AccessLog::cleanup()
{
    m_server.reset();
}

QList<LoggedLine> tst_AccessLog::loggedLines()
{
    m_server->server.accessLog().close();
    QList<LoggedLine> lines;
    const QByteArray content = TestServer::contentOf(m_logPath);
    for (const QByteArray &line : content.split('\n')) {
        if (line.isEmpty())
            continue;
        const std::optional<LoggedLine> logged = parseLine(line);
        if (!logged) {
            qWarning("not a Combined Log Format line: %s", line.constData());
            return {};
        }
        lines.append(*logged);
    }
    return lines;
}

void tst_AccessLog::everyResponseIsLogged_data()
{
    // "LINK" stands for the share's link path.
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("head");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("requestLine");

    QTest::addRow("200 page") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << false << 200
                              << QByteArray("GET / HTTP/1.1");
    QTest::addRow("200 file, large")
        << QByteArray("GET LINK HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << false << 200
        << QByteArray("GET LINK HTTP/1.1");
    QTest::addRow("200 head") << QByteArray("HEAD LINK HTTP/1.1\r\nHost: x\r\n\r\n") << true << 200
                              << QByteArray("HEAD LINK HTTP/1.1");
    QTest::addRow("206") << QByteArray("GET LINK HTTP/1.1\r\nHost: x\r\nRange: bytes=5-104\r\n\r\n")
                         << false << 206 << QByteArray("GET LINK HTTP/1.1");
    QTest::addRow("404") << QByteArray("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n") << false << 404
                         << QByteArray("GET /nothing HTTP/1.1");
    QTest::addRow("404 wrong name") << QByteArray("GET LINK.exe HTTP/1.1\r\nHost: x\r\n\r\n")
                                    << false << 404 << QByteArray("GET LINK.exe HTTP/1.1");
    QTest::addRow("405") << QByteArray("DELETE LINK HTTP/1.1\r\nHost: x\r\n\r\n") << false << 405
                         << QByteArray("DELETE LINK HTTP/1.1");
    QTest::addRow("400 malformed request line")
        << QByteArray("GARBAGE\r\n\r\n") << false << 400 << QByteArray("GARBAGE");
    QTest::addRow("400 after empty lines")
        << QByteArray("\r\n\r\nGARBAGE\r\n\r\n") << false << 400 << QByteArray("GARBAGE");
    QTest::addRow("400 no host") << QByteArray("GET /x HTTP/1.1\r\n\r\n") << false << 400
                                 << QByteArray("GET /x HTTP/1.1");
    QTest::addRow("400 bad host") << QByteArray("GET /x HTTP/1.1\r\nHost: u@h\r\n\r\n") << false
                                  << 400 << QByteArray("GET /x HTTP/1.1");
    QTest::addRow("400 two hosts") << QByteArray("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                                   << false << 400 << QByteArray("GET /x HTTP/1.1");
    QTest::addRow("400 escaped NUL") << QByteArray("GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n")
                                     << false << 400 << QByteArray("GET /a%00b HTTP/1.1");
    QTest::addRow("400 raw control in target")
        << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << false << 400
        << QByteArray("GET /a\\x01 HTTP/1.1");
    QTest::addRow("413") << QByteArray(
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
                         << false << 413 << QByteArray("GET / HTTP/1.1");
    // The logged line is cut at 256 bytes.
    QTest::addRow("414") << QByteArray("GET /" + QByteArray(9000, 'a')
                                       + " HTTP/1.1\r\nHost: x\r\n\r\n")
                         << false << 414 << QByteArray("GET /" + QByteArray(251, 'a'));
    QTest::addRow("431") << QByteArray(
        "GET /big HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(40000, 'a') + "\r\n\r\n")
                         << false << 431 << QByteArray("GET /big HTTP/1.1");
    QTest::addRow("501") << QByteArray("BREW / HTTP/1.1\r\nHost: x\r\n\r\n") << false << 501
                         << QByteArray("BREW / HTTP/1.1");
    QTest::addRow("505") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << false << 505
                         << QByteArray("GET / HTTP/2.0");
}

void tst_AccessLog::everyResponseIsLogged()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, head);
    QFETCH(int, status);
    QFETCH(QByteArray, requestLine);
    raw.replace("LINK", m_link);
    requestLine.replace("LINK", m_link);

    RawClient client(m_server->port());
    client.send(raw);
    const QList<ParsedResponse> responses = client.waitForResponses(1, {head});
    QCOMPARE(responses.size(), 1);
    const ParsedResponse &response = responses.first();
    QVERIFY(response.complete);
    QCOMPARE(response.status, status);
    if (status >= 400 && status != 404)
        QVERIFY(client.waitForDisconnected()); // and so the response has ended on the server

    const QList<LoggedLine> lines = loggedLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].requestLine, requestLine);
    QCOMPARE(lines[0].status, status);
    QCOMPARE(lines[0].bytes, qint64(response.body.size()));
    if (!head)
        QVERIFY(lines[0].bytes > 0);
}

void tst_AccessLog::headTimeoutIsLoggedWithWhatArrived()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.requestHeadTimeout = std::chrono::milliseconds(300);
    startWith(settings);
    RawClient slow(m_server->port());
    slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n"); // never finished
    QVERIFY(slow.waitForDisconnected(5'000));
    const ParsedResponse response = parseResponses(slow.received(), {}, true).value(0);
    QCOMPARE(response.status, 408);

    const QList<LoggedLine> lines = loggedLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].requestLine, QByteArray("GET /slow HTTP/1.1"));
    QCOMPARE(lines[0].status, 408);
    QCOMPARE(lines[0].bytes, qint64(response.body.size()));
    QVERIFY(lines[0].bytes > 0);
}

void tst_AccessLog::refusedConnectionIsLoggedWithoutRequestLine()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.maxConnections = 1;
    startWith(settings);
    RawClient held(m_server->port());
    QCOMPARE(held.request(getRequest("/")).status, 200);

    RawClient excess(m_server->port());
    QVERIFY(excess.waitForDisconnected());
    const ParsedResponse refused = parseResponses(excess.received(), {}, true).value(0);
    QCOMPARE(refused.status, 503);

    const QList<LoggedLine> lines = loggedLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].status, 200);
    QCOMPARE(lines[1].requestLine, QByteArray("-")); // nothing is read from a refused client
    QCOMPARE(lines[1].status, 503);
    QCOMPARE(lines[1].bytes, qint64(refused.body.size()));
    QVERIFY(lines[1].bytes > 0);
}

QTEST_GUILESS_MAIN(tst_AccessLog)
#include "tst_accesslog.moc"
