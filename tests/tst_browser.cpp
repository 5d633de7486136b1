#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 4 * 1024 * 1024 + 5;
const QString python = QStringLiteral("/usr/bin/python3"); // Debian's, with python3-websocket

struct ProcessResult
{
    int exitCode = -1;
    QByteArray output;
};

// Runs the browser while the event loop keeps serving it.
ProcessResult runBrowser(const QStringList &arguments)
{
    QProcess process;
    process.start(python, QStringList {QStringLiteral(BROWSERDRIVE)} + arguments);
    if (!waitUntil([&] { return process.state() == QProcess::NotRunning; }, 120'000)) {
        process.kill();
        process.waitForFinished();
        return {-1, "timed out"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput().trimmed() + process.readAllStandardError()};
}

} // namespace

// A real browser (headless Chromium, driven over the DevTools protocol as a person would: no
// script runs on the page) opens a share's page, presses Download and saves the file.
class tst_Browser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void pageDownloadIsIdentical();
    void passwordFormThenTicketDownload();

private:
    QString pageUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2/")
            .arg(m_server->port())
            .arg(QString::fromLatin1(m_token));
    }

    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QByteArray m_content;
    QTemporaryDir m_downloads;
};

void tst_Browser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (QStandardPaths::findExecutable(QStringLiteral("chromium")).isEmpty())
        QSKIP("chromium is not installed");
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import websocket")});
    if (!probe.waitForFinished() || probe.exitCode() != 0)
        QSKIP("python3-websocket is not installed");
}

void tst_Browser::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_token = m_server->shareNewFile(QStringLiteral("holiday photos.zip"), fileSize);
    QVERIFY(!m_token.isEmpty());
    m_content = TestServer::contentOf(m_server->pathOf(QStringLiteral("holiday photos.zip")));
    m_downloads.remove();
    m_downloads = QTemporaryDir();
}

void tst_Browser::pageDownloadIsIdentical()
{
    const ProcessResult result
        = runBrowser({QStringLiteral("download"), pageUrl(), m_downloads.path()});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(result.output, QByteArray("holiday photos.zip"));
    QCOMPARE(TestServer::contentOf(m_downloads.filePath(QStringLiteral("holiday photos.zip"))),
             m_content);
}

void tst_Browser::passwordFormThenTicketDownload()
{
    QVERIFY(m_server->shares.setPassword(m_token, QStringLiteral("open sesame")));
    // Without the password the browser gets no further than the form.
    ProcessResult refused = runBrowser({QStringLiteral("download"), pageUrl(), m_downloads.path()});
    QVERIFY2(refused.exitCode != 0, refused.output.constData());
    QVERIFY2(refused.output.contains("asks for a password"), refused.output.constData());
    // A wrong one leaves it at the form.
    refused = runBrowser({QStringLiteral("download"), pageUrl(), m_downloads.path(),
                          QStringLiteral("--password"), QStringLiteral("wrong")});
    QVERIFY2(refused.exitCode != 0, refused.output.constData());

    const ProcessResult result
        = runBrowser({QStringLiteral("download"), pageUrl(), m_downloads.path(),
                      QStringLiteral("--password"), QStringLiteral("open sesame")});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(TestServer::contentOf(m_downloads.filePath(QStringLiteral("holiday photos.zip"))),
             m_content);
}

QTEST_GUILESS_MAIN(tst_Browser)
#include "tst_browser.moc"
