#include <csignal>
#include <sys/resource.h>

#include <QCryptographicHash>
#include <QDir>
#include <QLocale>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"

using namespace SluiceTest;

namespace {

const QString sluiceBinary = QStringLiteral(SLUICE_BINARY);

struct Finished
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Finished runToEnd(const QStringList &arguments)
{
    QProcess process;
    process.start(sluiceBinary, arguments);
    if (!process.waitForFinished(15'000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace

class tst_Headless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void servesAndStopsCleanlyOnSignal_data();
    void servesAndStopsCleanlyOnSignal();
    void printsALinkPerAddressIncludingLoopback();
    void accessLogToFile();
    void passwordProtectsEveryShare_data();
    void passwordProtectsEveryShare();
    void reportsFinishedDownloadsAndProgress();
    void descriptorTableIsGrownBeforeServing();
    void expiryAppliesToEveryShare();
    void downloadCapAppliesToEveryShare();
    void badValuesExitWithStatus2_data();
    void badValuesExitWithStatus2();
    void unusableBlobIsNamed_data();
    void unusableBlobIsNamed();
    void portInUseIsAClearError();
    void helpAndVersion();

private:
    // Serving the blob headless on a free loopback port, plus `extra`.
    QStringList servingBlobOnLoopback(const QStringList &extra) const
    {
        return QStringList {
                   QStringLiteral("--headless"), QStringLiteral("--blob"), m_blob,
                   QStringLiteral("--port"),     QStringLiteral("0"),      QStringLiteral("--bind"),
                   QStringLiteral("127.0.0.1")}
        + extra;
    }

    QTemporaryDir m_dir;
    QString m_blob;
    QByteArray m_content;
};

void tst_Headless::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_blob = m_dir.filePath(QStringLiteral("blob.bin"));
    m_content = TestServer::patternBytes(2 * 1024 * 1024 + 5);
    QVERIFY(TestServer::writeFile(m_blob, m_content));
}

void tst_Headless::servesAndStopsCleanlyOnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addRow("SIGTERM") << int(SIGTERM);
    QTest::addRow("SIGINT") << int(SIGINT);
}

void tst_Headless::servesAndStopsCleanlyOnSignal()
{
    QFETCH(int, signalNumber);
    QProcess process;
    process.start(sluiceBinary,
                  servingBlobOnLoopback({QStringLiteral("--chunk_size"), QStringLiteral("64K")}));
    QVERIFY(process.waitForStarted());
    QVERIFY(waitUntil(
        [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }));
    const QByteArray link = process.readLine().trimmed();
    QVERIFY2(link.startsWith("http://127.0.0.1:") && link.endsWith("/blob.bin"), link.constData());
    const QUrl url(QString::fromLatin1(link));

    RawClient client(quint16(url.port()));
    const ParsedResponse response
        = client.request(getRequest(url.path(QUrl::FullyEncoded).toLatin1()));
    QCOMPARE(response.status, 200);
    QCOMPARE(QCryptographicHash::hash(response.body, QCryptographicHash::Sha256),
             QCryptographicHash::hash(m_content, QCryptographicHash::Sha256));

    ::kill(pid_t(process.processId()), signalNumber);
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray log = process.readAllStandardError();
    QVERIFY2(log.contains("\"GET /"), log.constData()); // the access log goes to stderr by default
    QVERIFY(log.contains(QByteArray("\" 200 " + QByteArray::number(m_content.size()))));
}

void tst_Headless::reportsFinishedDownloadsAndProgress()
{
    // Large enough that the kernel's socket buffers cannot take it all at once.
    const QString big = m_dir.filePath(QStringLiteral("big.bin"));
    const QByteArray content = TestServer::patternBytes(16 * 1024 * 1024);
    QVERIFY(TestServer::writeFile(big, content));
    QProcess process;
    process.start(sluiceBinary,
                  {QStringLiteral("--headless"), QStringLiteral("--blob"), big,
                   QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("--progress"),
                   QStringLiteral("--access-log"), m_dir.filePath(QStringLiteral("progress.log"))});
    QVERIFY(process.waitForStarted());
    QVERIFY(waitUntil(
        [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }));
    const QByteArray link = process.readLine().trimmed();
    QVERIFY2(link.endsWith("/big.bin"), link.constData());

    // A client that does not read at first: the download stays active, and the status line
    // (once a second) shows it; then it reads everything.
    const QUrl url(QString::fromLatin1(link));
    RawClient client(quint16(url.port()), QHostAddress::LocalHost, 64 * 1024);
    QVERIFY(client.waitForConnected());
    client.send(getRequest(url.path(QUrl::FullyEncoded).toLatin1(), "Connection: close\r\n"));
    QByteArray err;
    QVERIFY(waitUntil([&] {
        err += process.readAllStandardError();
        return err.contains("sluice: 1 active, ");
    }));
    client.socket().setReadBufferSize(0);
    QVERIFY(waitUntil(
        [&] {
            client.readPending();
            return client.isDisconnected();
        },
        30'000));
    client.readPending();
    const QList<ParsedResponse> responses = parseResponses(client.received(), {}, true);
    QCOMPARE(responses.size(), 1);
    QVERIFY(responses.first().body == content);
    QVERIFY(waitUntil([&] {
        err += process.readAllStandardError();
        return err.contains("completed");
    }));
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
    err += process.readAllStandardError();

    // stderr is not a terminal here: the status comes as plain lines, then one line for the
    // finished download with its size and result.
    QVERIFY2(err.contains("sluice: 1 active, "), err.constData());
    const QByteArray size
        = QLocale::c().formattedDataSize(content.size(), 1, QLocale::DataSizeIecFormat).toLatin1();
    QVERIFY2(err.contains(QByteArray("sluice: 127.0.0.1 big.bin: completed, " + size + " in 0:0")),
             err.constData());
}

void tst_Headless::printsALinkPerAddressIncludingLoopback()
{
    const QString second = m_dir.filePath(QStringLiteral("second file.txt"));
    QFile file(second);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello\n");
    file.close();

    QProcess process;
    process.start(sluiceBinary,
                  {QStringLiteral("--headless"), QStringLiteral("--blob"), m_blob, second,
                   QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(process.waitForStarted());
    QList<QByteArray> lines;
    // Links are printed at once, before serving starts; wait until output stops growing.
    QVERIFY(waitUntil([&] {
        while (process.canReadLine())
            lines.append(process.readLine().trimmed());
        return lines.size() >= 2 && !process.waitForReadyRead(500);
    }));
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 0);

    int loopbackLinks = 0;
    for (const QByteArray &line : std::as_const(lines)) {
        QVERIFY2(QUrl(QString::fromLatin1(line)).isValid(), line.constData());
        loopbackLinks += line.startsWith("http://127.0.0.1:") ? 1 : 0;
    }
    QCOMPARE(loopbackLinks, 2); // one per share on 127.0.0.1
    QCOMPARE(lines.size() % 2, 0); // every address lists both shares
    const auto secondLinks
        = std::count_if(lines.cbegin(), lines.cend(),
                        [](const QByteArray &line) { return line.endsWith("/second%20file.txt"); });
    QCOMPARE(secondLinks, lines.size() / 2);
}

void tst_Headless::accessLogToFile()
{
    const QString logPath = m_dir.filePath(QStringLiteral("access.log"));
    QProcess process;
    process.start(sluiceBinary, servingBlobOnLoopback({QStringLiteral("--access-log"), logPath}));
    QVERIFY(waitUntil([&] { return process.canReadLine(); }));
    const QUrl url(QString::fromLatin1(process.readLine().trimmed()));
    RawClient client(quint16(url.port()));
    QCOMPARE(client.request(getRequest("/nope")).status, 404);
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
    QVERIFY(TestServer::contentOf(logPath).contains("\"GET /nope HTTP/1.1\" 404"));
}

void tst_Headless::passwordProtectsEveryShare_data()
{
    QTest::addColumn<QString>("source");
    QTest::addRow("file") << QStringLiteral("file");
    QTest::addRow("environment") << QStringLiteral("environment");
    QTest::addRow("command line") << QStringLiteral("command line");
}

void tst_Headless::passwordProtectsEveryShare()
{
    QFETCH(QString, source);
    const QByteArray password = "s3cret words";
    QStringList extra;
    QProcess process;
    if (source == QStringLiteral("file")) {
        const QString passwordFile = m_dir.filePath(QStringLiteral("password"));
        QVERIFY(TestServer::writeFile(passwordFile, password + '\n'));
        extra = {QStringLiteral("--password-file"), passwordFile};
    } else if (source == QStringLiteral("environment")) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SLUICE_PASSWORD"), QString::fromLatin1(password));
        process.setProcessEnvironment(environment);
    } else {
        extra = {QStringLiteral("--password"), QString::fromLatin1(password)};
    }
    const QString logPath = m_dir.filePath(QStringLiteral("access-password.log"));
    process.start(
        sluiceBinary,
        servingBlobOnLoopback(extra + QStringList {QStringLiteral("--access-log"), logPath}));
    QVERIFY(waitUntil([&] { return process.canReadLine(); }));
    const QByteArray link = process.readLine().trimmed();
    // A protected share's printed link is its page, which asks for the password.
    QVERIFY2(link.endsWith('/') && link.count('/') == 4, link.constData());
    const QUrl url(QString::fromLatin1(link));
    RawClient client(quint16(url.port()));
    const QByteArray file = url.path().toLatin1() + "blob.bin";
    QCOMPARE(client.request(getRequest(file)).status, 401);
    const ParsedResponse opened = client.request(
        getRequest(file, "Authorization: Basic " + QByteArray(":" + password).toBase64() + "\r\n"));
    QCOMPARE(opened.status, 200);
    QCOMPARE(opened.body, m_content);
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
    const QByteArray errors = process.readAllStandardError();
    QCOMPARE(errors.contains("process list"), source == QStringLiteral("command line"));
    QVERIFY(!TestServer::contentOf(logPath).contains(password));
}

// The kernel grows a descriptor table by doubling it, and a process with threads waits for an
// RCU grace period each time; Sluice grows it once at start for the connections it may take.
void tst_Headless::descriptorTableIsGrownBeforeServing()
{
    struct rlimit limit = {};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    const qint64 wanted = 3000 + 64;
    if (qint64(limit.rlim_max) < wanted)
        QSKIP("the descriptor limit is below what this test asks for");
    QProcess process;
    process.start(
        sluiceBinary,
        servingBlobOnLoopback({QStringLiteral("--max-connections"), QStringLiteral("3000")}));
    QVERIFY(waitUntil([&] { return process.canReadLine(); }));
    QFile status(QStringLiteral("/proc/%1/status").arg(process.processId()));
    QVERIFY(status.open(QIODevice::ReadOnly));
    qint64 tableSize = 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("FDSize:"))
            tableSize = line.mid(7).trimmed().toLongLong();
    }
    QVERIFY2(tableSize >= wanted, qPrintable(QStringLiteral("FDSize %1").arg(tableSize)));
    // Serving still works with the placeholder descriptor gone again.
    const QUrl url(QString::fromLatin1(process.readLine().trimmed()));
    RawClient client(quint16(url.port()));
    QCOMPARE(client.request(getRequest(url.path().toLatin1())).status, 200);
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
}

void tst_Headless::expiryAppliesToEveryShare()
{
    QProcess process;
    process.start(sluiceBinary,
                  servingBlobOnLoopback({QStringLiteral("--expires"), QStringLiteral("2s")}));
    QVERIFY(waitUntil([&] { return process.canReadLine(); }));
    const QUrl url(QString::fromLatin1(process.readLine().trimmed()));
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    RawClient client(quint16(url.port()));
    QCOMPARE(client.request(getRequest(path)).status, 200);
    QVERIFY(waitUntil([&] { return process.readAllStandardError().contains("expired"); }, 10'000));
    const ParsedResponse gone = client.request(getRequest(path));
    QCOMPARE(gone.status, 410);
    QVERIFY(!gone.body.contains("blob.bin"));
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
}

void tst_Headless::downloadCapAppliesToEveryShare()
{
    QProcess process;
    process.start(sluiceBinary,
                  servingBlobOnLoopback({QStringLiteral("--max-downloads"), QStringLiteral("1")}));
    QVERIFY(waitUntil([&] { return process.canReadLine(); }));
    const QUrl url(QString::fromLatin1(process.readLine().trimmed()));
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    RawClient client(quint16(url.port()));
    QCOMPARE(client.request(getRequest(path)).body, m_content);
    // Another client (address) once the one download is used: 410. The count follows the
    // delivery, so the request is repeated until it has been made.
    int status = 0;
    QVERIFY(waitUntil([&] {
        RawClient other(quint16(url.port()), QHostAddress::LocalHost, 0,
                        QHostAddress(QStringLiteral("127.0.0.2")));
        status = other.request(getRequest(path, {}, "HEAD"), true).status;
        return status == 410;
    }));
    QCOMPARE(client.request(getRequest(path, "Range: bytes=0-9\r\n")).status, 206);
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));
}

void tst_Headless::badValuesExitWithStatus2_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::addRow("chunk size") << QStringList {QStringLiteral("--chunk-size"), QStringLiteral("1")}
                                << QStringLiteral("--chunk-size must be from 4 KiB to 64 MiB");
    QTest::addRow("port") << QStringList {QStringLiteral("--port"), QStringLiteral("99999")}
                          << QStringLiteral("--port must be a number from 0 to 65535");
    QTest::addRow("bind") << QStringList {QStringLiteral("--bind"), QStringLiteral("nowhere")}
                          << QStringLiteral("--bind needs an IPv4 or IPv6 address");
    QTest::addRow("unknown option")
        << QStringList {QStringLiteral("--nope")} << QStringLiteral("nope");
    QTest::addRow("expiry in the past")
        << QStringList {QStringLiteral("--expires"), QStringLiteral("2020-01-01T00:00")}
        << QStringLiteral("--expires must be in the future");
    QTest::addRow("zero expiry") << QStringList {QStringLiteral("--expires"), QStringLiteral("0m")}
                                 << QStringLiteral("--expires must be in the future");
    QTest::addRow("negative expiry")
        << QStringList {QStringLiteral("--expires"), QStringLiteral("-5m")}
        << QStringLiteral("--expires must be a duration such as 30m, 2h or 7d");
    QTest::addRow("unparsable expiry")
        << QStringList {QStringLiteral("--expires"), QStringLiteral("next week")}
        << QStringLiteral("--expires must be a duration such as 30m, 2h or 7d");
    QTest::addRow("zero downloads")
        << QStringList {QStringLiteral("--max-downloads"), QStringLiteral("0")}
        << QStringLiteral("--max-downloads must be a number from 1 to 1000000");
    QTest::addRow("negative downloads")
        << QStringList {QStringLiteral("--max-downloads"), QStringLiteral("-1")}
        << QStringLiteral("--max-downloads must be a number from 1 to 1000000");
    QTest::addRow("garbage downloads")
        << QStringList {QStringLiteral("--max-downloads"), QStringLiteral("lots")}
        << QStringLiteral("--max-downloads must be a number from 1 to 1000000");
}

void tst_Headless::badValuesExitWithStatus2()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const Finished result = runToEnd(
        QStringList {QStringLiteral("--headless"), QStringLiteral("--blob"), m_blob} + extra);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
}

void tst_Headless::unusableBlobIsNamed_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::addRow("missing") << m_dir.filePath(QStringLiteral("nope.bin"))
                             << QStringLiteral("no such file");
    // A folder is shared as an archive, unless nothing in it can be read.
    const QString empty = m_dir.filePath(QStringLiteral("empty folder"));
    QDir().mkpath(empty);
    QTest::addRow("empty folder") << empty << QStringLiteral("nothing that can be read");
}

void tst_Headless::unusableBlobIsNamed()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    const Finished result = runToEnd({QStringLiteral("--headless"), QStringLiteral("--blob"), path,
                                      QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(result.exitCode != 0);
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.contains(path) && err.contains(reason), qPrintable(err));
}

void tst_Headless::portInUseIsAClearError()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost));
    const Finished result
        = runToEnd({QStringLiteral("--headless"), QStringLiteral("--blob"), m_blob,
                    QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                    QString::number(occupant.serverPort())});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QByteArray("Port " + QByteArray::number(occupant.serverPort())
                                            + " is already in use")),
             result.err.constData());
}

void tst_Headless::helpAndVersion()
{
    const Finished version = runToEnd({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("sluice "));
    const Finished help = runToEnd({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--chunk-size"));
}

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_headless.moc"
