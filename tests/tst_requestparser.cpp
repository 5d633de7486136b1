#include <QTest>

#include "requestparser.h"

using namespace Sluice;

class tst_RequestParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validRequests_data();
    void validRequests();
    void badRequests_data();
    void badRequests();
    void oneByteAtATime();
    void requestLineAtTheLimitDoesNotDependOnSplits();
    void incompleteHeads();
    void pipelinedRequestsAreConsumedOneByOne();
    void headerHelpers();
    void hostField_data();
    void hostField();
    void requestPath_data();
    void requestPath();
};

void tst_RequestParser::validRequests_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("minor");
    QTest::addColumn<qint64>("contentLength");

    QTest::addRow("simple") << QByteArray("GET /abc/name.txt HTTP/1.1\r\nHost: x\r\n\r\n")
                            << QByteArray("GET") << QByteArray("/abc/name.txt") << 1 << qint64(0);
    QTest::addRow("query ignored") << QByteArray("GET /t/n?x=1&y=2 HTTP/1.1\r\nHost: x\r\n\r\n")
                                   << QByteArray("GET") << QByteArray("/t/n") << 1 << qint64(0);
    QTest::addRow("fragment ignored") << QByteArray("HEAD /t#frag HTTP/1.1\r\nHost: x\r\n\r\n")
                                      << QByteArray("HEAD") << QByteArray("/t") << 1 << qint64(0);
    QTest::addRow("absolute-form")
        << QByteArray("GET http://host:8888/t/n?q HTTP/1.1\r\nHost: host\r\n\r\n")
        << QByteArray("GET") << QByteArray("/t/n") << 1 << qint64(0);
    QTest::addRow("absolute-form no path")
        << QByteArray("GET http://host:8888 HTTP/1.1\r\nHost: host\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << 1 << qint64(0);
    QTest::addRow("http/1.0 without host")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET") << QByteArray("/") << 0
        << qint64(0);
    QTest::addRow("bare LF line ends") << QByteArray("GET /a HTTP/1.1\nHost: x\n\n")
                                       << QByteArray("GET") << QByteArray("/a") << 1 << qint64(0);
    QTest::addRow("leading empty lines") << QByteArray("\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n")
                                         << QByteArray("GET") << QByteArray("/a") << 1 << qint64(0);
    QTest::addRow("content-length body")
        << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
        << QByteArray("GET") << QByteArray("/a") << 1 << qint64(5);
    QTest::addRow("repeated equal content-length")
        << QByteArray(
               "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n")
        << QByteArray("GET") << QByteArray("/a") << 1 << qint64(5);
    QTest::addRow("unknown method parses")
        << QByteArray("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("BREW")
        << QByteArray("/pot") << 1 << qint64(0);
    QTest::addRow("OWS around value") << QByteArray("GET / HTTP/1.1\r\nHost:   x \t\r\n\r\n")
                                      << QByteArray("GET") << QByteArray("/") << 1 << qint64(0);
}

void tst_RequestParser::validRequests()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(int, minor);
    QFETCH(qint64, contentLength);

    const ParseResult result = parseRequestHead(raw);
    QVERIFY2(result.status == ParseResult::Status::Complete, result.errorReason.constData());
    QCOMPARE(result.consumed, raw.size());
    QCOMPARE(result.request.method, method);
    QCOMPARE(result.request.path, path);
    QCOMPARE(result.request.versionMinor, minor);
    QCOMPARE(result.request.contentLength, contentLength);
}

void tst_RequestParser::badRequests_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");

    QTest::addRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::addRow("missing version") << QByteArray("GET /\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("lower-case version") << QByteArray("GET / http/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("control char in target")
        << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::addRow("no host on 1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::addRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
    QTest::addRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n")
                              << 400;
    QTest::addRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n",
                                                35)
                                  << 400;
    QTest::addRow("CL and TE") << QByteArray(
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
                               << 400;
    QTest::addRow("TE only") << QByteArray(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                             << 501;
    QTest::addRow("bad content-length")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::addRow("conflicting content-length")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        << 400;
    QTest::addRow("http/2") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::addRow("http/0.9 style") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::addRow("huge header") << QByteArray(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a') + "\r\n\r\n")
                                 << 431;
    QTest::addRow("huge header, unterminated")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a')) << 431;
    QTest::addRow("huge request line")
        << QByteArray("GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n") << 414;
    QTest::addRow("authority-form GET")
        << QByteArray("GET host:80 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
}

void tst_RequestParser::badRequests()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    const ParseResult result = parseRequestHead(raw);
    QCOMPARE(int(result.status), int(ParseResult::Status::Bad));
    QCOMPARE(result.errorStatus, status);
    QVERIFY(!result.errorReason.isEmpty());
}

void tst_RequestParser::oneByteAtATime()
{
    const QByteArray raw = "GET /tok/a%20b.txt?x HTTP/1.1\r\nHost: example\r\nRange: bytes=0-9\r\n"
                           "User-Agent: test\r\n\r\n";
    QByteArray received;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        received += raw[i];
        const ParseResult result = parseRequestHead(received);
        if (i + 1 < raw.size()) {
            QVERIFY2(result.status == ParseResult::Status::Incomplete,
                     qPrintable(QString::number(i)));
            continue;
        }
        QCOMPARE(int(result.status), int(ParseResult::Status::Complete));
        QCOMPARE(result.consumed, raw.size());
        QCOMPARE(result.request.path, QByteArray("/tok/a%20b.txt"));
        QCOMPARE(result.request.header("range"), QByteArray("bytes=0-9"));
        QCOMPARE(result.request.header("user-agent"), QByteArray("test"));
    }
}

void tst_RequestParser::requestLineAtTheLimitDoesNotDependOnSplits()
{
    // Found by fuzzing: a request line of exactly the limit, its CR received but not yet its LF,
    // was refused with 414, though the complete line is accepted.
    ParserLimits limits;
    const QByteArray head = "GET /0123456 HTTP/1.1\r\nHost: x\r\n\r\n";
    QCOMPARE(head.indexOf('\r'), 21);
    limits.maxRequestLineBytes = 21;
    for (qsizetype cut = 0; cut < head.size(); ++cut)
        QCOMPARE(int(parseRequestHead(QByteArrayView(head).first(cut), limits).status),
                 int(ParseResult::Status::Incomplete));
    QCOMPARE(int(parseRequestHead(head, limits).status), int(ParseResult::Status::Complete));
}

void tst_RequestParser::incompleteHeads()
{
    for (const QByteArray &raw : {QByteArray(), QByteArray("GET"), QByteArray("GET / HTTP/1.1\r\n"),
                                  QByteArray("GET / HTTP/1.1\r\nHost: x\r\n")}) {
        QCOMPARE(int(parseRequestHead(raw).status), int(ParseResult::Status::Incomplete));
    }
}

void tst_RequestParser::pipelinedRequestsAreConsumedOneByOne()
{
    const QByteArray first = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray second = "HEAD /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const QByteArray both = first + second;
    const ParseResult one = parseRequestHead(both);
    QCOMPARE(one.consumed, first.size());
    QCOMPARE(one.request.path, QByteArray("/1"));
    const ParseResult two = parseRequestHead(QByteArrayView(both).sliced(one.consumed));
    QCOMPARE(two.request.path, QByteArray("/2"));
    QVERIFY(!two.request.wantsKeepAlive());
}

void tst_RequestParser::headerHelpers()
{
    const ParseResult result
        = parseRequestHead("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nX-A: 1\r\nx-a: 2\r\n\r\n");
    QVERIFY(result.request.wantsKeepAlive());
    QCOMPARE(result.request.header("x-a"), QByteArray("1, 2"));
    QCOMPARE(result.request.requestLine(), QByteArray("GET / HTTP/1.0"));
    QVERIFY(!parseRequestHead("GET / HTTP/1.0\r\n\r\n").request.wantsKeepAlive());
    QVERIFY(parseRequestHead("GET / HTTP/1.1\r\nHost: x\r\n\r\n").request.wantsKeepAlive());
    QVERIFY(!parseRequestHead("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n")
                 .request.wantsKeepAlive());
}

void tst_RequestParser::hostField_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("valid");

    QTest::addRow("name") << QByteArray("example.org") << true;
    QTest::addRow("name and port") << QByteArray("example.org:8888") << true;
    QTest::addRow("single label") << QByteArray("localhost") << true;
    QTest::addRow("ipv4") << QByteArray("192.168.1.20") << true;
    QTest::addRow("ipv4 and port") << QByteArray("127.0.0.1:80") << true;
    QTest::addRow("ipv6 loopback") << QByteArray("[::1]") << true;
    QTest::addRow("ipv6 and port") << QByteArray("[::1]:8888") << true;
    QTest::addRow("ipv6 full") << QByteArray("[2001:db8:0:0:1:0:0:1]") << true;
    QTest::addRow("ipv6 with ipv4 tail") << QByteArray("[::ffff:192.0.2.1]:80") << true;
    QTest::addRow("ipv6 unspecified") << QByteArray("[::]") << true;
    QTest::addRow("ipv6 gap at end") << QByteArray("[fe80:1:2:3:4:5:6::]") << true;
    QTest::addRow("pct-encoded and sub-delims") << QByteArray("a%2Db!$&'()*+,;=~_-.") << true;
    QTest::addRow("empty port") << QByteArray("example.org:") << true;
    QTest::addRow("empty value") << QByteArray("") << true; // RFC 9112 §3.2: no authority
    QTest::addRow("upper case") << QByteArray("EXAMPLE.ORG") << true;

    QTest::addRow("slash") << QByteArray("example.org/x") << false;
    QTest::addRow("space") << QByteArray("exa mple.org") << false;
    QTest::addRow("userinfo") << QByteArray("user@example.org") << false;
    QTest::addRow("userinfo and password") << QByteArray("user:pw@example.org") << false;
    QTest::addRow("empty brackets") << QByteArray("[]") << false;
    QTest::addRow("empty brackets and port") << QByteArray("[]:80") << false;
    QTest::addRow("unbracketed ipv6") << QByteArray("::1") << false;
    QTest::addRow("unbracketed ipv6 full") << QByteArray("2001:db8::1") << false;
    QTest::addRow("unclosed bracket") << QByteArray("[::1") << false;
    QTest::addRow("text after bracket") << QByteArray("[::1]x") << false;
    QTest::addRow("ipv4 in brackets") << QByteArray("[127.0.0.1]") << false;
    QTest::addRow("ipvfuture refused") << QByteArray("[v1.fe]") << false;
    QTest::addRow("ipv6 nine pieces") << QByteArray("[1:2:3:4:5:6:7:8:9]") << false;
    QTest::addRow("ipv6 two gaps") << QByteArray("[1::2::3]") << false;
    QTest::addRow("ipv6 long piece") << QByteArray("[12345::1]") << false;
    QTest::addRow("ipv6 zone id") << QByteArray("[fe80::1%25eth0]") << false;
    QTest::addRow("non-digit port") << QByteArray("example.org:80a") << false;
    QTest::addRow("named port") << QByteArray("example.org:http") << false;
    QTest::addRow("two ports") << QByteArray("example.org:80:81") << false;
    QTest::addRow("ipv6 non-digit port") << QByteArray("[::1]:x") << false;
    QTest::addRow("bad pct-encoding") << QByteArray("a%zzb") << false;
    QTest::addRow("cut pct-encoding") << QByteArray("ab%4") << false;
    QTest::addRow("backslash") << QByteArray("a\\b") << false;
    QTest::addRow("comma list") << QByteArray("a, b") << false;
    QTest::addRow("non-ascii") << QByteArray("caf\xc3\xa9") << false;
}

void tst_RequestParser::hostField()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, valid);
    const QByteArray raw = "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    const ParseResult result = parseRequestHead(raw);
    if (valid) {
        QVERIFY2(result.status == ParseResult::Status::Complete, result.errorReason.constData());
        QCOMPARE(result.request.header("host"), host);
    } else {
        QCOMPARE(int(result.status), int(ParseResult::Status::Bad));
        QCOMPARE(result.errorStatus, 400);
    }

    // A second Host line is refused whatever the first one holds.
    const QByteArray twice = "GET / HTTP/1.1\r\nHost: " + host + "\r\nHost: " + host + "\r\n\r\n";
    const ParseResult repeated = parseRequestHead(twice);
    QCOMPARE(int(repeated.status), int(ParseResult::Status::Bad));
    QCOMPARE(repeated.errorStatus, 400);
}

void tst_RequestParser::requestPath_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status"); // 0: parsed
    QTest::addColumn<QByteArray>("path");

    QTest::addRow("plain") << QByteArray("/tok/name.txt") << 0 << QByteArray("/tok/name.txt");
    QTest::addRow("escaped space") << QByteArray("/tok/a%20b") << 0 << QByteArray("/tok/a%20b");
    QTest::addRow("lower-case hex") << QByteArray("/tok/%c3%a9") << 0 << QByteArray("/tok/%c3%a9");
    QTest::addRow("plus stays") << QByteArray("/tok/a+b") << 0 << QByteArray("/tok/a+b");
    QTest::addRow("escaped slash") << QByteArray("/tok%2Fname") << 0 << QByteArray("/tok%2Fname");
    QTest::addRow("escaped percent") << QByteArray("/tok/100%25") << 0 << QByteArray("/tok/100%25");
    QTest::addRow("escaped NUL in the query")
        << QByteArray("/tok/n?x=%00") << 0 << QByteArray("/tok/n");
    QTest::addRow("absolute-form")
        << QByteArray("http://h/tok/a%20b") << 0 << QByteArray("/tok/a%20b");

    QTest::addRow("escaped NUL") << QByteArray("/tok/%00") << 400 << QByteArray();
    QTest::addRow("escaped NUL in token") << QByteArray("/t%00k/n") << 400 << QByteArray();
    QTest::addRow("escaped LF") << QByteArray("/tok/a%0Ab") << 400 << QByteArray();
    QTest::addRow("escaped CR") << QByteArray("/tok/a%0db") << 400 << QByteArray();
    QTest::addRow("escaped 0x1F") << QByteArray("/tok/%1F") << 400 << QByteArray();
    QTest::addRow("escaped DEL") << QByteArray("/tok/%7f") << 400 << QByteArray();
    QTest::addRow("escaped NUL, absolute-form")
        << QByteArray("http://h/tok/%00") << 400 << QByteArray();
    QTest::addRow("bad escape") << QByteArray("/tok/%zz") << 400 << QByteArray();
    QTest::addRow("half escape") << QByteArray("/tok/%4g") << 400 << QByteArray();
    QTest::addRow("cut escape") << QByteArray("/tok/a%4") << 400 << QByteArray();
    QTest::addRow("lone percent") << QByteArray("/tok/%") << 400 << QByteArray();
}

void tst_RequestParser::requestPath()
{
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, path);
    const QByteArray raw = "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
    const ParseResult result = parseRequestHead(raw);
    if (status == 0) {
        QVERIFY2(result.status == ParseResult::Status::Complete, result.errorReason.constData());
        QCOMPARE(result.request.path, path);
    } else {
        QCOMPARE(int(result.status), int(ParseResult::Status::Bad));
        QCOMPARE(result.errorStatus, status);
    }
}

QTEST_GUILESS_MAIN(tst_RequestParser)
#include "tst_requestparser.moc"
