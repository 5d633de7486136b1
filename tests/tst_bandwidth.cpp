#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

// Bandwidth caps on a real server over loopback: each 127.0.0.x address is a client of its own.
// The tests compare shares of bytes and check bounds a cap implies, never speeds to reach.
class tst_Bandwidth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientsShareTheTotalNotConnections();
    void aCappedDownloadArrivesWholeAndNoFaster();
    void liftingTheCapFreesRunningDownloads();
    void loopbackCanBeExempted();
};

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;

// A GET from a chosen source address that counts the body bytes it has read.
class Download
{
public:
    Download(const QHostAddress &from, quint16 port, const QByteArray &target)
    {
        m_socket.bind(from);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
            const QByteArray bytes = m_socket.readAll();
            if (m_headDone) {
                body += bytes.size();
                return;
            }
            m_head += bytes;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end >= 0) {
                m_headDone = true;
                status = m_head.mid(9, 3).toInt();
                body += m_head.size() - end - 4;
            }
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.write(getRequest(target, "Connection: close\r\n"));
    }
    qint64 body = 0;
    int status = 0;

private:
    QTcpSocket m_socket;
    QByteArray m_head;
    bool m_headDone = false;
};

qint64 sum(const std::vector<std::unique_ptr<Download>> &downloads)
{
    qint64 total = 0;
    for (const auto &download : downloads)
        total += download->body;
    return total;
}

} // namespace

void tst_Bandwidth::clientsShareTheTotalNotConnections()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.rateLimits.totalRate = 4 * MiB;
    TestServer server(settings);
    QVERIFY(server.start());
    const QByteArray token = server.shareNewFile(QStringLiteral("big.bin"), 256 * MiB);
    const QByteArray target = server.linkPath(token);

    // A download manager with four connections from one address, and a browser with one from
    // another: each client gets half, not four fifths and one fifth.
    std::vector<std::unique_ptr<Download>> manager;
    std::vector<std::unique_ptr<Download>> browser;
    for (int i = 0; i < 4; ++i)
        manager.push_back(std::make_unique<Download>(QHostAddress(QStringLiteral("127.0.0.2")),
                                                     server.port(), target));
    browser.push_back(std::make_unique<Download>(QHostAddress(QStringLiteral("127.0.0.3")),
                                                 server.port(), target));
    QVERIFY(waitUntil([&] { return sum(manager) + sum(browser) >= 12 * MiB; }, 60'000));
    const double ratio = double(sum(manager)) / double(sum(browser));
    QVERIFY2(ratio > 0.7 && ratio < 1.4,
             qPrintable(QStringLiteral("manager %1 bytes, browser %2 bytes")
                            .arg(sum(manager))
                            .arg(sum(browser))));
    // And the manager's connections share its half evenly.
    qint64 least = manager.front()->body;
    qint64 most = least;
    for (const auto &download : manager) {
        QCOMPARE(download->status, 200);
        least = std::min(least, download->body);
        most = std::max(most, download->body);
    }
    QVERIFY2(
        double(most) / double(std::max<qint64>(least, 1)) < 1.5,
        qPrintable(QStringLiteral("connections between %1 and %2 bytes").arg(least).arg(most)));
}

void tst_Bandwidth::aCappedDownloadArrivesWholeAndNoFaster()
{
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    ServerSettings settings = TestServer::defaultSettings();
    settings.rateLimits.clientRate = 2 * MiB;
    TestServer server(settings);
    QVERIFY(server.start());
    const qint64 size = 3 * MiB + 123;
    const QByteArray token = server.shareNewFile(QStringLiteral("capped.bin"), size);
    QTemporaryDir downloads;
    const QString output = downloads.filePath(QStringLiteral("capped.bin"));
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(curl,
                  {QStringLiteral("-sSf"), QStringLiteral("-o"), output,
                   QStringLiteral("http://127.0.0.1:%1%2")
                       .arg(server.port())
                       .arg(QString::fromLatin1(server.linkPath(token)))});
    QVERIFY(waitUntil([&] { return process.state() == QProcess::NotRunning; }, 60'000));
    const qint64 elapsedMs = timer.elapsed();
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(TestServer::contentOf(output), TestServer::contentOf(server.pathOf(QStringLiteral("capped.bin"))));
    // At 2 MiB/s, 3 MiB cannot take less than about 1.5 s; the first bucket's burst (100 KiB)
    // is all that may come early.
    QVERIFY2(elapsedMs >= 1'400, qPrintable(QStringLiteral("%1 ms").arg(elapsedMs)));
}

void tst_Bandwidth::liftingTheCapFreesRunningDownloads()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.rateLimits.totalRate = 256 * KiB;
    TestServer server(settings);
    QVERIFY(server.start());
    const QByteArray token = server.shareNewFile(QStringLiteral("slow.bin"), 32 * MiB);
    Download download(QHostAddress::LocalHost, server.port(), server.linkPath(token));
    QVERIFY(waitUntil([&] { return download.body >= 256 * KiB; }, 20'000));
    QVERIFY(download.body < 4 * MiB);
    // Capped, the rest would take two minutes; lifted, it goes at loopback speed.
    server.server.setRateLimits({});
    QVERIFY2(waitUntil([&] { return download.body == 32 * MiB; }, 30'000),
             qPrintable(QString::number(download.body)));
}

void tst_Bandwidth::loopbackCanBeExempted()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.rateLimits.totalRate = 64 * KiB;
    settings.rateLimits.exemptLoopback = true;
    TestServer server(settings);
    QVERIFY(server.start());
    const QByteArray token = server.shareNewFile(QStringLiteral("local.bin"), 8 * MiB);
    // 8 MiB at 64 KiB/s would take two minutes.
    Download download(QHostAddress(QStringLiteral("127.0.0.5")), server.port(),
                      server.linkPath(token));
    QVERIFY2(waitUntil([&] { return download.body == 8 * MiB; }, 30'000),
             qPrintable(QString::number(download.body)));
}

QTEST_GUILESS_MAIN(tst_Bandwidth)
#include "tst_bandwidth.moc"
