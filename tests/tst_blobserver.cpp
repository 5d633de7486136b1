#include <cstdio>
#include <sys/ioctl.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include "chunkchangeprobe.h"
#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 3 * 1024 * 1024 + 123; // not a multiple of any chunk size

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// Bytes that arrived in a socket's kernel receive queue and were not read yet.
qint64 receiveQueueBytes(int descriptor)
{
    int queued = -1;
    return ::ioctl(descriptor, FIONREAD, &queued) == 0 ? queued : -1;
}

} // namespace

class tst_BlobServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void fullGetIsIdenticalAndWellDescribed();
    void headSendsTheSameHeadWithoutBody();
    void singleRanges_data();
    void singleRanges();
    void multipleRangesAreMultipart();
    void conditionalRequests_data();
    void conditionalRequests();
    void keepAliveAndPipelining();
    void http10ClosesUnlessAskedToKeepAlive();
    void badInputGetsStatusAndClose_data();
    void badInputGetsStatusAndClose();
    void routingAndMethods();
    void nameSegmentMustBeTheSharesName_data();
    void nameSegmentMustBeTheSharesName();
    void rootIndexListsSharesOnlyWhenAsked();
    void bodySentWithGetIsDiscarded();
    void requestHeadTimeout();
    void keepAliveIdleTimeout();
    void nonReadingClientHoldsAtMostTwoChunks();
    void chunkSizeChangeAppliesToRunningTransfer_data();
    void chunkSizeChangeAppliesToRunningTransfer();
    void truncatedFileEndsTransferShort();
    void removedFileIsReportedAndThen404();
    void shareHoldsOneDescriptorUntilItsFileGoes();
    void fileIsLookedAtByAWorker();
    void mappingOutlivesABurstThenGoes();
    void hundredConcurrentDownloads();
    void turnsSmallerThanAChunkKeepDownloadsIntact();
    void transferBookkeeping();
    void cancelEndsTheConnection();
    void connectionCapAnswers503();
    void accessLogHasCombinedFormat();
    void servesOverIpv6Loopback();
    void sparseFileBeyond4GiB();

private:
    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QByteArray m_content;
    QByteArray m_link;

    void startWith(ServerSettings settings);
};

void tst_BlobServer::startWith(ServerSettings settings)
{
    m_server = std::make_unique<TestServer>(settings);
    m_token = m_server->shareNewFile(QStringLiteral("data file.bin"), fileSize);
    QVERIFY(!m_token.isEmpty());
    m_content = TestServer::contentOf(m_server->pathOf(QStringLiteral("data file.bin")));
    m_link = m_server->linkPath(m_token);
    QVERIFY2(m_server->start(), qPrintable(m_server->server.errorString()));
}

void tst_BlobServer::init()
{
    startWith(TestServer::defaultSettings());
}

void tst_BlobServer::cleanup()
{
    m_server.reset();
}

void tst_BlobServer::fullGetIsIdenticalAndWellDescribed()
{
    RawClient client(m_server->port());
    const ParsedResponse response = client.request(getRequest(m_link));
    QCOMPARE(response.status, 200);
    QVERIFY(response.complete);
    QCOMPARE(sha256(response.body), sha256(m_content));
    QCOMPARE(response.header("content-length"), QByteArray::number(fileSize));
    QCOMPARE(response.header("content-type"), QByteArray("application/octet-stream"));
    QCOMPARE(response.header("accept-ranges"), QByteArray("bytes"));
    QVERIFY(response.header("etag").startsWith('"'));
    QVERIFY(!response.header("last-modified").isEmpty());
    QVERIFY(response.header("date").endsWith("GMT"));
    QCOMPARE(
        response.header("content-disposition"),
        QByteArray("attachment; filename=\"data file.bin\"; filename*=UTF-8''data%20file.bin"));
    QVERIFY(!client.isDisconnected()); // HTTP/1.1 keeps the connection
}

void tst_BlobServer::headSendsTheSameHeadWithoutBody()
{
    // The digest fields join every head once the hash is known: compared heads come after it.
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->shares.find(m_token)->sha256.isEmpty(), 30'000);
    RawClient client(m_server->port());
    const ParsedResponse head = client.request(getRequest(m_link, {}, "HEAD"), true);
    const ParsedResponse get = client.request(getRequest(m_link, "Range: bytes=0-9\r\n"));
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QCOMPARE(head.header("content-length"), QByteArray::number(fileSize));
    // Had HEAD sent a body, this response would be garbage.
    QCOMPARE(get.status, 206);
    QCOMPARE(get.body, m_content.left(10));

    const ParsedResponse full = client.request(getRequest(m_link));
    auto withoutDate = [](QList<QPair<QByteArray, QByteArray>> headers) {
        headers.removeIf([](const auto &field) { return field.first == "date"; });
        return headers;
    };
    QCOMPARE(withoutDate(head.headers), withoutDate(full.headers));
}

void tst_BlobServer::singleRanges_data()
{
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addRow("prefix") << QByteArray("bytes=0-99") << 206 << qint64(0) << qint64(99);
    QTest::addRow("middle") << QByteArray("bytes=1000-1999") << 206 << qint64(1000) << qint64(1999);
    QTest::addRow("open end") << QByteArray("bytes=3000000-") << 206 << qint64(3000000)
                              << fileSize - 1;
    QTest::addRow("suffix") << QByteArray("bytes=-500") << 206 << fileSize - 500 << fileSize - 1;
    QTest::addRow("clipped") << QByteArray("bytes=3145800-9999999") << 206 << qint64(3145800)
                             << fileSize - 1;
    QTest::addRow("unsatisfiable")
        << QByteArray("bytes=99999999-") << 416 << qint64(-1) << qint64(-1);
    QTest::addRow("syntax error ignored")
        << QByteArray("bytes=x-y") << 200 << qint64(0) << fileSize - 1;
    QTest::addRow("unknown unit ignored")
        << QByteArray("lines=1-2") << 200 << qint64(0) << fileSize - 1;
}

void tst_BlobServer::singleRanges()
{
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    RawClient client(m_server->port());
    const ParsedResponse response = client.request(getRequest(m_link, "Range: " + range + "\r\n"));
    QCOMPARE(response.status, status);
    if (status == 416) {
        QCOMPARE(response.header("content-range"), "bytes */" + QByteArray::number(fileSize));
        return;
    }
    QCOMPARE(response.body, m_content.mid(first, last - first + 1));
    if (status == 206) {
        QCOMPARE(response.header("content-range"),
                 "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/'
                     + QByteArray::number(fileSize));
    } else {
        QVERIFY(!response.hasHeader("content-range"));
    }
}

void tst_BlobServer::multipleRangesAreMultipart()
{
    RawClient client(m_server->port());
    const ParsedResponse response
        = client.request(getRequest(m_link, "Range: bytes=-10,0-4,100-199,150-249\r\n"));
    QCOMPARE(response.status, 206);
    const QByteArray type = response.header("content-type");
    QVERIFY2(type.startsWith("multipart/byteranges; boundary="), type.constData());
    const QByteArray boundary = type.mid(type.indexOf('=') + 1);
    QCOMPARE(response.body.size(), response.header("content-length").toLongLong());

    // Parse the parts back: coalesced, ascending.
    const QList<QByteArray> expectedRanges
        = {"0-4", "100-249",
           QByteArray::number(fileSize - 10) + '-' + QByteArray::number(fileSize - 1)};
    qsizetype pos = 0;
    for (const QByteArray &range : expectedRanges) {
        const QByteArray delimiter = "\r\n--" + boundary + "\r\n";
        QCOMPARE(response.body.mid(pos, delimiter.size()), delimiter);
        pos += delimiter.size();
        const qsizetype headEnd = response.body.indexOf("\r\n\r\n", pos);
        const QByteArray partHead = response.body.mid(pos, headEnd - pos);
        QVERIFY(partHead.contains("Content-Type: application/octet-stream"));
        QVERIFY2(partHead.contains(QByteArray("Content-Range: bytes " + range + '/'
                                              + QByteArray::number(fileSize))),
                 partHead.constData());
        pos = headEnd + 4;
        const qint64 first = range.split('-')[0].toLongLong();
        const qint64 last = range.split('-')[1].toLongLong();
        QCOMPARE(response.body.mid(pos, last - first + 1), m_content.mid(first, last - first + 1));
        pos += last - first + 1;
    }
    QCOMPARE(response.body.mid(pos), "\r\n--" + boundary + "--\r\n");
}

void tst_BlobServer::conditionalRequests_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    // Placeholders: ETAG and LASTMOD are replaced with the current validators.
    QTest::addRow("If-None-Match current") << QByteArray("If-None-Match: ETAG\r\n") << 304;
    QTest::addRow("If-None-Match weak form") << QByteArray("If-None-Match: W/ETAG\r\n") << 304;
    QTest::addRow("If-None-Match other") << QByteArray("If-None-Match: \"nope\"\r\n") << 200;
    QTest::addRow("If-Modified-Since current")
        << QByteArray("If-Modified-Since: LASTMOD\r\n") << 304;
    QTest::addRow("If-Modified-Since old")
        << QByteArray("If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n") << 200;
    QTest::addRow("If-Match other") << QByteArray("If-Match: \"nope\"\r\n") << 412;
    QTest::addRow("If-Match current") << QByteArray("If-Match: ETAG\r\n") << 200;
    QTest::addRow("If-Unmodified-Since old")
        << QByteArray("If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n") << 412;
    QTest::addRow("If-Range etag") << QByteArray("Range: bytes=0-9\r\nIf-Range: ETAG\r\n") << 206;
    QTest::addRow("If-Range date")
        << QByteArray("Range: bytes=0-9\r\nIf-Range: LASTMOD\r\n") << 206;
    QTest::addRow("If-Range stale")
        << QByteArray("Range: bytes=0-9\r\nIf-Range: \"old\"\r\n") << 200;
}

void tst_BlobServer::conditionalRequests()
{
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    RawClient client(m_server->port());
    const ParsedResponse plain = client.request(getRequest(m_link, {}, "HEAD"), true);
    headers.replace("ETAG", plain.header("etag")).replace("LASTMOD", plain.header("last-modified"));
    const ParsedResponse response = client.request(getRequest(m_link, headers));
    QCOMPARE(response.status, status);
    if (status == 304) {
        QVERIFY(response.body.isEmpty());
        QCOMPARE(response.header("etag"), plain.header("etag"));
        QVERIFY(!response.hasHeader("content-length"));
    }
    if (status == 200)
        QCOMPARE(response.body.size(), fileSize);
    if (status == 206)
        QCOMPARE(response.body, m_content.left(10));
}

void tst_BlobServer::keepAliveAndPipelining()
{
    RawClient client(m_server->port());
    client.send(getRequest(m_link, "Range: bytes=0-3\r\n") + getRequest(m_link, {}, "HEAD")
                + getRequest("/")
                + getRequest(m_link, "Range: bytes=4-7\r\nConnection: close\r\n"));
    const QList<ParsedResponse> responses = client.waitForResponses(4, {false, true, false, false});
    QCOMPARE(responses.size(), 4);
    QCOMPARE(responses[0].body, m_content.left(4));
    QCOMPARE(responses[1].status, 200);
    QVERIFY(responses[2].header("content-type").startsWith("text/html"));
    QCOMPARE(responses[3].body, m_content.mid(4, 4));
    QCOMPARE(responses[3].header("connection"), QByteArray("close"));
    QVERIFY(client.waitForDisconnected());
}

void tst_BlobServer::http10ClosesUnlessAskedToKeepAlive()
{
    RawClient plain(m_server->port());
    plain.send("GET " + m_link + " HTTP/1.0\r\nRange: bytes=0-9\r\n\r\n");
    QVERIFY(plain.waitForDisconnected());
    const ParsedResponse closed = parseResponses(plain.received(), {}, true).value(0);
    QCOMPARE(closed.status, 206);
    QCOMPARE(closed.body, m_content.left(10));

    RawClient keepAlive(m_server->port());
    const ParsedResponse kept = keepAlive.request(
        "GET " + m_link + " HTTP/1.0\r\nConnection: keep-alive\r\nRange: bytes=0-9\r\n\r\n");
    QCOMPARE(kept.header("connection").toLower(), QByteArray("keep-alive"));
    const ParsedResponse second
        = keepAlive.request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QCOMPARE(second.status, 200);
    QVERIFY(!keepAlive.isDisconnected());
}

void tst_BlobServer::badInputGetsStatusAndClose_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addRow("malformed request line") << QByteArray("GARBAGE\r\n\r\n") << 400;
    QTest::addRow("malformed header")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n") << 400;
    QTest::addRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("header too large")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(40000, 'a') + "\r\n\r\n")
        << 431;
    QTest::addRow("CL and TE") << QByteArray(
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\nx")
                               << 400;
    QTest::addRow("unknown method") << QByteArray("BREW / HTTP/1.1\r\nHost: x\r\n\r\n") << 501;
    QTest::addRow("unsupported version") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::addRow("huge body on GET")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n") << 413;
}

void tst_BlobServer::badInputGetsStatusAndClose()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    RawClient bystander(m_server->port());
    QVERIFY(bystander.waitForConnected());

    RawClient client(m_server->port());
    client.send(raw);
    QVERIFY(client.waitForDisconnected());
    const ParsedResponse response = parseResponses(client.received(), {}, true).value(0);
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("connection"), QByteArray("close"));
    QVERIFY(response.body.startsWith(QByteArray::number(status)));

    // Everyone else is still served, on an old and on a new connection.
    QCOMPARE(bystander.request(getRequest(m_link, "Range: bytes=0-0\r\n")).status, 206);
    RawClient next(m_server->port());
    QCOMPARE(next.request(getRequest(m_link, "Range: bytes=0-0\r\n")).status, 206);
}

void tst_BlobServer::routingAndMethods()
{
    RawClient client(m_server->port());
    const ParsedResponse post = client.request(getRequest(m_link, "Content-Length: 0\r\n", "POST"));
    QCOMPARE(post.status, 405);
    QCOMPARE(post.header("allow"), QByteArray("GET, HEAD"));
    QVERIFY(client.waitForDisconnected());

    RawClient other(m_server->port());
    QCOMPARE(other.request(getRequest("/nothing-here")).status, 404);
    // "/<token>" leads to the share's page, "/<token>/".
    QCOMPARE(other.request(getRequest("/" + m_token)).status, 301);
    QCOMPARE(other.request(getRequest("/" + m_token + "/", "Range: bytes=0-0\r\n")).status, 200);
    QCOMPARE(other.request(getRequest("/../../etc/passwd")).status, 404);
    QCOMPARE(other.request(getRequest("/" + m_token + "/../" + m_token)).status, 404);
    QCOMPARE(other.request(getRequest(m_link + "?download=1", "Range: bytes=0-0\r\n")).status, 206);
    const ParsedResponse absolute
        = other.request("GET http://localhost:" + QByteArray::number(m_server->port()) + m_link
                        + " HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1\r\n\r\n");
    QCOMPARE(absolute.status, 206);
    QCOMPARE(absolute.body, m_content.left(2));
}

void tst_BlobServer::nameSegmentMustBeTheSharesName_data()
{
    // The share's name is "data file.bin"; a second share is named "café ✓.txt".
    QTest::addColumn<QByteArray>("nameSegment"); // after "/<token>"
    QTest::addColumn<bool>("unicodeShare");
    QTest::addColumn<int>("status");

    QTest::addRow("as linked") << QByteArray("/data%20file.bin") << false << 206;
    QTest::addRow("more escapes") << QByteArray("/data%20file%2Ebin") << false << 206;
    QTest::addRow("everything escaped")
        << QByteArray("/%64%61%74%61%20%66%69%6c%65%2e%62%69%6e") << false << 206;
    QTest::addRow("no name: to the page") << QByteArray() << false << 301;
    QTest::addRow("empty name: the page") << QByteArray("/") << false << 200;
    QTest::addRow("unicode, upper-case hex")
        << QByteArray("/caf%C3%A9%20%E2%9C%93.txt") << true << 206;
    QTest::addRow("unicode, lower-case hex")
        << QByteArray("/caf%c3%a9%20%e2%9c%93.txt") << true << 206;

    QTest::addRow("another name") << QByteArray("/another-name.bin") << false << 404;
    QTest::addRow("plus is not a space") << QByteArray("/data+file.bin") << false << 404;
    QTest::addRow("other case") << QByteArray("/Data%20File.bin") << false << 404;
    QTest::addRow("prefix of the name") << QByteArray("/data%20file") << false << 404;
    QTest::addRow("name and more") << QByteArray("/data%20file.bin.exe") << false << 404;
    QTest::addRow("trailing slash") << QByteArray("/data%20file.bin/") << false << 404;
    QTest::addRow("extra segment") << QByteArray("/data%20file.bin/x") << false << 404;
    QTest::addRow("latin-1 instead of utf-8")
        << QByteArray("/caf%E9%20%E2%9C%93.txt") << true << 404;
    QTest::addRow("unicode decomposed (NFD)")
        << QByteArray("/cafe%CC%81%20%E2%9C%93.txt") << true << 404;
    QTest::addRow("escaped slash") << QByteArray("/data%2Ffile.bin") << false << 404;

    QTest::addRow("escaped NUL") << QByteArray("/data%00file.bin") << false << 400;
    QTest::addRow("escaped DEL") << QByteArray("/%7F") << false << 400;
    QTest::addRow("escaped control in token") << QByteArray("%01/data%20file.bin") << false << 400;
    QTest::addRow("malformed escape") << QByteArray("/data%2gfile.bin") << false << 400;
}

void tst_BlobServer::nameSegmentMustBeTheSharesName()
{
    QFETCH(QByteArray, nameSegment);
    QFETCH(bool, unicodeShare);
    QFETCH(int, status);
    const QByteArray token = unicodeShare
        ? m_server->shareNewFile(QStringLiteral("caf\u00e9 \u2713.txt"), 1000)
        : m_token;
    QVERIFY(!token.isEmpty());

    RawClient client(m_server->port());
    const ParsedResponse response
        = client.request(getRequest("/" + token + nameSegment, "Range: bytes=0-0\r\n"));
    QCOMPARE(response.status, status);
    if (status == 404) {
        // Exactly what an unknown token gets, on the same kept-alive connection.
        const ParsedResponse unknown
            = client.request(getRequest("/AAAAAAAAAAAAAAAAAAAAAA" + nameSegment));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(response.body, unknown.body);
        QCOMPARE(response.header("connection"), unknown.header("connection"));
        QVERIFY(!client.isDisconnected());
    }
    if (status == 400)
        QCOMPARE(response.header("connection"), QByteArray("close"));
}

void tst_BlobServer::rootIndexListsSharesOnlyWhenAsked()
{
    RawClient client(m_server->port());
    const ParsedResponse hidden = client.request(getRequest("/"));
    QCOMPARE(hidden.status, 200);
    QVERIFY(!hidden.body.contains(m_token));

    ServerSettings settings = TestServer::defaultSettings();
    settings.listSharesAtRoot = true;
    startWith(settings);
    RawClient indexed(m_server->port());
    const ParsedResponse listed = indexed.request(getRequest("/"));
    QVERIFY(listed.body.contains(QByteArray("href=\"/" + m_token + "/\""))); // its page
    QVERIFY(listed.body.contains("data file.bin"));
}

void tst_BlobServer::bodySentWithGetIsDiscarded()
{
    RawClient client(m_server->port());
    // "GET / ..." inside the body must not be taken for a second request.
    const QByteArray body = "GET /evil HTTP/1.1\r\nHost: x\r\n\r\n";
    client.send(getRequest(m_link,
                           "Range: bytes=0-1\r\nContent-Length: " + QByteArray::number(body.size())
                               + "\r\n")
                + body + getRequest(m_link, "Range: bytes=2-3\r\n"));
    const QList<ParsedResponse> responses = client.waitForResponses(2);
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses[0].body, m_content.left(2));
    QCOMPARE(responses[1].body, m_content.mid(2, 2));
    QVERIFY(client.waitForResponses(3, {}, 300).size() == 2);
}

void tst_BlobServer::requestHeadTimeout()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.requestHeadTimeout = std::chrono::milliseconds(300);
    startWith(settings);
    RawClient slow(m_server->port());
    slow.send("GET / HTTP/1.1\r\nHost: x\r\n"); // never finished
    QVERIFY(slow.waitForDisconnected(5'000));
    QCOMPARE(parseResponses(slow.received(), {}, true).value(0).status, 408);

    RawClient silent(m_server->port());
    QVERIFY(silent.waitForConnected());
    QVERIFY(silent.waitForDisconnected(5'000));
    QVERIFY(silent.received().isEmpty());
}

void tst_BlobServer::keepAliveIdleTimeout()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.keepAliveTimeout = std::chrono::milliseconds(300);
    startWith(settings);
    RawClient client(m_server->port());
    QCOMPARE(client.request(getRequest("/")).status, 200);
    QVERIFY(!client.isDisconnected());
    QVERIFY(client.waitForDisconnected(5'000));
}

void tst_BlobServer::nonReadingClientHoldsAtMostTwoChunks()
{
    // At the default chunk size the two are the same: a chunk in Sluice, and the kernel's cap of
    // 1 MiB that the client has not taken (TCP_NOTSENT_LOWAT on the server's socket).
    ServerSettings settings = TestServer::defaultSettings();
    settings.chunkSize = ServerSettings::defaultChunkSize;
    settings.stallTimeout = std::chrono::milliseconds(1'500);
    startWith(settings);
    const qint64 bigSize = 64 * 1024 * 1024; // many times what may be held
    const QByteArray big = m_server->shareNewFile(QStringLiteral("big.bin"), bigSize);
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);

    // A client that reads its first 4 KiB and no more: once its kernel's receive queue is full,
    // its window closes, and what the server's kernel accepts from Sluice stays on that side.
    RawClient client(m_server->port(), QHostAddress::LocalHost, 4096);
    client.send(getRequest(m_server->linkPath(big)));
    QVERIFY(waitUntil([&] { return m_server->transfers.activeCount() == 1; }));
    const quint64 id = m_server->transfers.ids().constLast();
    QVERIFY(finished.wait(10'000)); // dropped by the stall timeout: nothing more will be sent
    const Transfer *transfer = m_server->transfers.find(id);
    QCOMPARE(int(transfer->state), int(Transfer::State::Failed));
    QCOMPARE(int(transfer->error), int(Transfer::Error::Stalled));

    // What Sluice itself held: at most the one chunk it was sending. (Whether it held any depends
    // on where the kernel cut its sends, so only the bound is checked.)
    QVERIFY2(transfer->peakQueuedBytes <= settings.chunkSize,
             qPrintable(QStringLiteral("peak held %1 bytes").arg(transfer->peakQueuedBytes)));

    // What the server's kernel held: every byte it accepted (the head and bytesSent) is either
    // with the client (read by its socket, or in its kernel's receive queue) or still queued on
    // the server's side, unsent.
    const qsizetype headBytes = client.socket().peek(4096).indexOf("\r\n\r\n") + 4;
    QVERIFY2(headBytes > 4, "the response head arrived");
    const qint64 clientQueue = receiveQueueBytes(int(client.socket().socketDescriptor()));
    QVERIFY2(clientQueue >= 0, "FIONREAD on the client's socket");
    const qint64 withClient = client.socket().bytesAvailable() + clientQueue;
    // The reset that dropped the client took back what the kernel still held (bytesDiscarded).
    const qint64 unsentOnServer
        = headBytes + transfer->bytesSent + transfer->bytesDiscarded - withClient;
    // Past the cap the kernel takes one more segment at most (64 KiB on loopback).
    const qint64 kernelLimit = 1024 * 1024 + 64 * 1024;
    const QString numbers = QStringLiteral("sent %1 bytes, the client holds %2, so the server's "
                                           "kernel held %3")
                                .arg(transfer->bytesSent)
                                .arg(withClient)
                                .arg(unsentOnServer);
    QVERIFY2(unsentOnServer > 0, qPrintable(numbers)); // the client's window did close
    QVERIFY2(unsentOnServer <= kernelLimit, qPrintable(numbers));
    // The file could have filled far more than the limits: they, not its size, stopped Sluice.
    QVERIFY2(transfer->bytesSent < bigSize - kernelLimit - settings.chunkSize, qPrintable(numbers));
}

void tst_BlobServer::chunkSizeChangeAppliesToRunningTransfer_data()
{
    // The new sizes are odd: no run of whole chunks of the old size can add up to whole chunks of
    // the new one, so a download that kept its old size cannot pass.
    QTest::addColumn<qint64>("oldChunkSize");
    QTest::addColumn<qint64>("newChunkSize");
    QTest::addRow("larger") << qint64(64 * 1024) << qint64(1024 * 1024 + 1);
    // A smaller size shows only as smaller sends inside the range a file worker checked and
    // brought in at the old size; the check, and so where a change cuts the download, follows
    // the ranges. Which is why only a larger size can be read off the cut.
    QTest::addRow("larger, from the smallest") << qint64(4 * 1024) << qint64(256 * 1024 + 1);
}

void tst_BlobServer::chunkSizeChangeAppliesToRunningTransfer()
{
    QFETCH(qint64, oldChunkSize);
    QFETCH(qint64, newChunkSize);
    ServerSettings settings = TestServer::defaultSettings();
    settings.chunkSize = oldChunkSize;
    startWith(settings);
    const QByteArray big = m_server->shareNewFile(QStringLiteral("big.bin"), 64 * 1024 * 1024);

    // From the chunk after the one being sent, chunks have the new size: the download, ended by
    // a change to its file at the end of a chunk, is whole chunks of the new size past the old.
    const ChunkChange change
        = followChunkSizeChange(m_server->transfers, m_server->port(), m_server->linkPath(big),
                                m_server->pathOf(QStringLiteral("big.bin")), oldChunkSize,
                                [&] { m_server->server.setChunkSize(newChunkSize); });
    QVERIFY2(change.continuedInChunksOf(newChunkSize), qPrintable(change.describe(newChunkSize)));
}

void tst_BlobServer::truncatedFileEndsTransferShort()
{
    const qint64 size = 32 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("shrinking.bin"), size);
    const QString path = m_server->pathOf(QStringLiteral("shrinking.bin"));
    const QByteArray original = TestServer::contentOf(path);
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);

    RawClient client(m_server->port(), QHostAddress::LocalHost, 64 * 1024);
    client.send(getRequest(m_server->linkPath(token)));
    QVERIFY(waitUntil([&] {
        client.readPending();
        return client.received().size() > 1024 * 1024;
    }));
    QVERIFY(QFile::resize(path, 1024 * 1024));
    QVERIFY(waitUntil(
        [&] {
            client.readPending();
            return client.isDisconnected() && client.socket().bytesAvailable() == 0;
        },
        20'000));
    client.readPending();

    const ParsedResponse response = parseResponses(client.received(), {}, true).value(0);
    QCOMPARE(response.status, 200);
    QVERIFY(!response.complete);
    QVERIFY2(response.body.size() < size, "the body ended short");
    qsizetype firstDifference = -1;
    for (qsizetype i = 0; i < response.body.size() && firstDifference < 0; ++i)
        firstDifference = response.body[i] != original[i] ? i : -1;
    QVERIFY2(firstDifference < 0,
             qPrintable(QStringLiteral("received %1 bytes, wrong from byte %2")
                            .arg(response.body.size())
                            .arg(firstDifference)));
    QCOMPARE(finished.size(), 1);
    const Transfer *transfer = m_server->transfers.find(finished.first().first().toULongLong());
    QCOMPARE(int(transfer->state), int(Transfer::State::Failed));
    QVERIFY(transfer->error == Transfer::Error::FileTruncated
            || transfer->error == Transfer::Error::FileChanged);
    QVERIFY(!transfer->endReason.isNone());

    RawClient later(m_server->port());
    const ParsedResponse fresh = later.request(getRequest(m_server->linkPath(token)));
    QCOMPARE(fresh.header("content-length"), QByteArray::number(1024 * 1024));
    QCOMPARE(int(m_server->shares.find(token)->status), int(Share::Status::Changed));
}

void tst_BlobServer::removedFileIsReportedAndThen404()
{
    // The hash pass started when the share was added reports through shareChanged too: let it
    // end first, so that the one change counted is the removal.
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->shares.find(m_token)->sha256.isEmpty(), 30'000);
    QSignalSpy changed(&m_server->shares, &ShareRegistry::shareChanged);
    QVERIFY(QFile::remove(m_server->pathOf(QStringLiteral("data file.bin"))));
    RawClient client(m_server->port());
    QCOMPARE(client.request(getRequest(m_link)).status, 404);
    QCOMPARE(int(m_server->shares.find(m_token)->status), int(Share::Status::Missing));
    QCOMPARE(changed.size(), 1);
}

// Descriptors of this process that name `path` (a deleted file's link ends in " (deleted)").
static int descriptorsOpenOn(const QString &path)
{
    int count = 0;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target == path || target == path + QStringLiteral(" (deleted)"))
            ++count;
    }
    return count;
}

void tst_BlobServer::shareHoldsOneDescriptorUntilItsFileGoes()
{
    const QString path = m_server->pathOf(QStringLiteral("data file.bin"));
    // The digest's read has its own descriptor, closed once the file is read; the share opens
    // none before a body is wanted.
    QVERIFY(waitUntil([&] { return !m_server->shares.find(m_token)->sha256.isEmpty(); }));
    QCOMPARE(descriptorsOpenOn(path), 0);
    RawClient client(m_server->port());
    for (int i = 0; i < 3; ++i) {
        const ParsedResponse response = client.request(getRequest(m_link));
        QCOMPARE(response.status, 200);
        QCOMPARE(sha256(response.body), sha256(m_content));
    }
    // Requests reuse the share's open file rather than opening it each time.
    QCOMPARE(descriptorsOpenOn(path), 1);

    // Replaced: the next request reads the new file, and the old one is closed.
    const QByteArray replacement(1000, 'r');
    QVERIFY(TestServer::writeFile(path + QStringLiteral(".new"), replacement));
    QVERIFY(::rename(QFile::encodeName(path + QStringLiteral(".new")).constData(),
                     QFile::encodeName(path).constData())
            == 0);
    const ParsedResponse replaced = client.request(getRequest(m_link));
    QCOMPARE(replaced.status, 200);
    QCOMPARE(replaced.body, replacement);
    // Closing happens off the event loop (close(2) may wait on the file system), a moment later.
    QTRY_COMPARE(descriptorsOpenOn(path), 1);

    // Deleted: once the share has seen it go, no descriptor keeps the file's space in use.
    QVERIFY(QFile::remove(path));
    QCOMPARE(client.request(getRequest(m_link)).status, 404);
    QTRY_COMPARE(descriptorsOpenOn(path), 0);
}

void tst_BlobServer::fileIsLookedAtByAWorker()
{
    ShareRegistry &shares = m_server->shares;
    const QString path = m_server->pathOf(QStringLiteral("data file.bin"));
    const auto ready = ShareRegistry::Look::Outcome::Ready;
    // Just shared: the look taken when sharing answers requests at once.
    const ShareRegistry::Look before = shares.look(m_token, false);
    QCOMPARE(int(before.outcome), int(ready));
    QVERIFY(before.identity.exists);

    QSignalSpy checked(&shares, &ShareRegistry::shareChecked);
    QVERIFY(QFile::remove(path));
    // The watcher's news is not a look: requests wait for a worker's, which finds the file gone.
    QTRY_VERIFY(checked.size() > 0);
    ShareRegistry::Look gone = shares.look(m_token, false);
    QCOMPARE(int(gone.outcome), int(ready));
    QVERIFY(!gone.identity.exists);
    QCOMPARE(int(shares.find(m_token)->status), int(Share::Status::Missing));

    // Back as a new inode, which the file's own watch does not follow; the folder's watch (or,
    // on a mount without one, the lifetime of the last look) sends the next request to a look.
    QVERIFY(TestServer::writeFile(path, "new"));
    QTRY_COMPARE_WITH_TIMEOUT(shares.look(m_token, false).identity.size, 3, 5'000);
    QCOMPARE(int(shares.find(m_token)->status), int(Share::Status::Changed));
}

// Mappings of `path` in this process (/proc/self/maps lists each with its file's path).
static int mappingsOf(const QString &path)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return -1;
    int count = 0;
    const QByteArray encoded = QFile::encodeName(path);
    for (const QByteArray &line : maps.readAll().split('\n'))
        count += line.endsWith(encoded) ? 1 : 0;
    return count;
}

void tst_BlobServer::mappingOutlivesABurstThenGoes()
{
    const QString path = m_server->pathOf(QStringLiteral("data file.bin"));
    RawClient client(m_server->port());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(sha256(client.request(getRequest(m_link)).body), sha256(m_content));
    // One mapping served all three and stays for the next download...
    QCOMPARE(mappingsOf(path), 1);
    // ...but not for good: unused for a few seconds, it is unmapped.
    QTRY_COMPARE_WITH_TIMEOUT(mappingsOf(path), 0, 10'000);
    QCOMPARE(sha256(client.request(getRequest(m_link)).body), sha256(m_content));
}

void tst_BlobServer::hundredConcurrentDownloads()
{
    const QByteArray token = m_server->shareNewFile(QStringLiteral("popular.bin"), 1024 * 1024 + 7);
    const QByteArray expected
        = sha256(TestServer::contentOf(m_server->pathOf(QStringLiteral("popular.bin"))));
    const auto clients = downloadConcurrently(m_server->port(), m_server->linkPath(token), 100);
    QVERIFY(std::all_of(clients.begin(), clients.end(),
                        [](const auto &c) { return c->isDisconnected(); }));
    for (const auto &client : clients) {
        const ParsedResponse response = parseResponses(client->received(), {}, true).value(0);
        QCOMPARE(response.status, 200);
        QCOMPARE(sha256(response.body), expected);
    }
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    int completed = 0;
    for (const Transfer &transfer : m_server->transfers.transfers())
        completed += transfer.state == Transfer::State::Completed ? 1 : 0;
    QCOMPARE(completed, 100);
    // One client (one address) got the file: one download, however many connections.
    QCOMPARE(m_server->shares.find(token)->completedDownloads, 1);
}

void tst_BlobServer::turnsSmallerThanAChunkKeepDownloadsIntact()
{
    // 40 ready downloads share a 1 MiB round: each turn writes 128 KiB of a 1 MiB chunk.
    ServerSettings settings = TestServer::defaultSettings();
    settings.chunkSize = 1024 * 1024;
    settings.roundLimit = 1024 * 1024;
    startWith(settings);
    const QByteArray token = m_server->shareNewFile(QStringLiteral("shared.bin"), fileSize);
    const QByteArray expected
        = sha256(TestServer::contentOf(m_server->pathOf(QStringLiteral("shared.bin"))));
    const auto clients = downloadConcurrently(m_server->port(), m_server->linkPath(token), 40);
    for (const auto &client : clients) {
        QVERIFY(client->isDisconnected());
        const ParsedResponse response = parseResponses(client->received(), {}, true).value(0);
        QCOMPARE(response.status, 200);
        QCOMPARE(sha256(response.body), expected);
    }
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    QCOMPARE(m_server->shares.find(token)->completedDownloads, 1); // one client
}

void tst_BlobServer::transferBookkeeping()
{
    QSignalSpy started(&m_server->transfers, &TransferTracker::transferStarted);
    QSignalSpy progressed(&m_server->transfers, &TransferTracker::transfersProgressed);
    QSignalSpy finished(&m_server->transfers, &TransferTracker::transferFinished);
    RawClient client(m_server->port());
    QCOMPARE(client.request(getRequest(m_link)).status, 200);
    QCOMPARE(client.request(getRequest(m_link, "Range: bytes=10-19\r\n")).status, 206);
    QCOMPARE(client.request(getRequest(m_link, {}, "HEAD"), true).status, 200); // not a transfer
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(started.size(), 2);

    const Transfer full = *m_server->transfers.find(started[0][0].toULongLong());
    QCOMPARE(int(full.state), int(Transfer::State::Completed));
    QCOMPARE(full.bytesSent, fileSize);
    QCOMPARE(full.bytesDue, fileSize);
    QCOMPARE(full.peerAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(full.peerPort, client.socket().localPort());
    QCOMPARE(full.fileName, QStringLiteral("data file.bin"));
    QVERIFY(full.range.isEmpty());
    QVERIFY(full.finishedAt >= full.startedAt);
    const Transfer partial = *m_server->transfers.find(started[1][0].toULongLong());
    QCOMPARE(partial.range, QByteArray("bytes 10-19"));
    QCOMPARE(partial.bytesSent, 10);
    // Progress is batched: far fewer signals than the 49 chunks that went out.
    QVERIFY2(progressed.size() < 20, qPrintable(QString::number(progressed.size())));
    QCOMPARE(m_server->transfers.totalBytesSent(), fileSize + 10);
}

void tst_BlobServer::cancelEndsTheConnection()
{
    const QByteArray big = m_server->shareNewFile(QStringLiteral("big.bin"), 64 * 1024 * 1024);
    RawClient client(m_server->port(), QHostAddress::LocalHost, 4096);
    client.send(getRequest(m_server->linkPath(big)));
    QVERIFY(waitUntil([&] { return m_server->transfers.activeCount() == 1; }));
    const quint64 id = m_server->transfers.ids().constLast();
    QVERIFY(m_server->server.cancelTransfer(id));
    QVERIFY(waitUntil([&] {
        client.readPending(); // a client that reads notices the end of the connection
        return client.isDisconnected();
    }));
    QCOMPARE(int(m_server->transfers.find(id)->state), int(Transfer::State::Cancelled));
    QVERIFY(!m_server->server.cancelTransfer(id));
}

void tst_BlobServer::connectionCapAnswers503()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.maxConnections = 3;
    startWith(settings);
    std::vector<std::unique_ptr<RawClient>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawClient>(m_server->port()));
        QCOMPARE(held.back()->request(getRequest("/")).status, 200);
    }
    RawClient excess(m_server->port());
    QVERIFY(excess.waitForDisconnected());
    const ParsedResponse refused = parseResponses(excess.received(), {}, true).value(0);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.header("connection"), QByteArray("close"));
    QCOMPARE(held.front()->request(getRequest(m_link, "Range: bytes=0-0\r\n")).status, 206);

    held.pop_back();
    QTRY_COMPARE(m_server->server.connectionCount(), 2);
    RawClient later(m_server->port());
    QCOMPARE(later.request(getRequest("/")).status, 200);
}

void tst_BlobServer::accessLogHasCombinedFormat()
{
    const QString logPath = m_server->pathOf(QStringLiteral("access.log"));
    QString error;
    QVERIFY(m_server->server.accessLog().openFile(logPath, &error));
    RawClient client(m_server->port());
    client.request(getRequest(
        m_link, "Range: bytes=0-99\r\nUser-Agent: tester \"quoted\"\r\nReferer: http://r/\r\n"));
    client.request(getRequest("/missing"));
    m_server->server.accessLog().close();
    const QList<QByteArray> lines = TestServer::contentOf(logPath).split('\n');
    QCOMPARE(lines.size(), 3);
    static const QRegularExpression combined(QStringLiteral(
        R"(^127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \S+ HTTP/1\.1" (\d{3}) (\d+|-) "([^"\\]|\\.)*" "([^"\\]|\\.)*"$)"));
    const QRegularExpressionMatch first = combined.match(QString::fromLatin1(lines[0]));
    QVERIFY2(first.hasMatch(), lines[0].constData());
    QCOMPARE(first.captured(1), QStringLiteral("206"));
    QCOMPARE(first.captured(2), QStringLiteral("100"));
    QVERIFY(lines[0].contains("\"tester \\\"quoted\\\"\""));
    const QRegularExpressionMatch second = combined.match(QString::fromLatin1(lines[1]));
    QVERIFY2(second.hasMatch(), lines[1].constData());
    QCOMPARE(second.captured(1), QStringLiteral("404"));
}

void tst_BlobServer::servesOverIpv6Loopback()
{
    bool hasIpv6Loopback = false;
    for (const QHostAddress &address : QNetworkInterface::allAddresses())
        hasIpv6Loopback |= address == QHostAddress(QHostAddress::LocalHostIPv6);
    if (!hasIpv6Loopback)
        QSKIP("This machine has no ::1");
    ServerSettings settings = TestServer::defaultSettings();
    settings.bindAddresses
        = {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
    startWith(settings);
    QCOMPARE(m_server->server.listeningAddresses().size(), 2);
    RawClient client(m_server->port(), QHostAddress::LocalHostIPv6);
    const ParsedResponse response = client.request(getRequest(m_link));
    QCOMPARE(response.status, 200);
    QCOMPARE(sha256(response.body), sha256(m_content));
}

void tst_BlobServer::sparseFileBeyond4GiB()
{
    const qint64 size = 5LL * 1024 * 1024 * 1024;
    const qint64 offset = 4LL * 1024 * 1024 * 1024 + 512 * 1024 * 1024; // 4.5 GiB
    const QString path = m_server->pathOf(QStringLiteral("sparse.img"));
    const QByteArray marker = TestServer::patternBytes(256 * 1024, 99);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(size)); // sparse: no disk space used
        QVERIFY(file.seek(offset));
        QCOMPARE(file.write(marker), marker.size());
    }
    const QByteArray token = m_server->shareExistingFile(path);
    RawClient client(m_server->port());
    const ParsedResponse head
        = client.request(getRequest(m_server->linkPath(token), {}, "HEAD"), true);
    QCOMPARE(head.header("content-length"), QByteArray("5368709120"));
    const QByteArray range = "Range: bytes=" + QByteArray::number(offset) + '-'
        + QByteArray::number(offset + marker.size() - 1) + "\r\n";
    const ParsedResponse response = client.request(getRequest(m_server->linkPath(token), range));
    QCOMPARE(response.status, 206);
    QCOMPARE(response.header("content-range"),
             "bytes " + QByteArray::number(offset) + '-'
                 + QByteArray::number(offset + marker.size() - 1) + "/5368709120");
    QCOMPARE(response.body, marker);
    const ParsedResponse tail
        = client.request(getRequest(m_server->linkPath(token), "Range: bytes=-16\r\n"));
    QCOMPARE(tail.body, QByteArray(16, '\0'));
}

QTEST_GUILESS_MAIN(tst_BlobServer)
#include "tst_blobserver.moc"
