#include <QCryptographicHash>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"
#include "toolrun.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 5 * 1024 * 1024 + 321;

QByteArray sha256Of(const QString &path)
{
    return QCryptographicHash::hash(TestServer::contentOf(path), QCryptographicHash::Sha256)
        .toHex();
}

} // namespace

class tst_RealClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void curlDownloadIsIdentical();
    void curlResumes();
    void curlHeadAndRange();
    void wgetDownloadSavesUnderTheSharedName();
    void wgetResumes();

private:
    QString requireTool(const char *name);
    // What an interrupted download left behind: the first `bytes` of the shared file.
    QString writePartialDownload(const QString &name, qint64 bytes);
    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
            .arg(m_server->port())
            .arg(QString::fromLatin1(m_server->linkPath(m_token)));
    }

    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QString m_source;
    QTemporaryDir m_downloads;
};

QString tst_RealClients::requireTool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

QString tst_RealClients::writePartialDownload(const QString &name, qint64 bytes)
{
    const QString path = m_downloads.filePath(name);
    QFile partial(path);
    if (!partial.open(QIODevice::WriteOnly)
        || partial.write(TestServer::contentOf(m_source).left(bytes)) != bytes)
        return {};
    return path;
}

void tst_RealClients::init()
{
    m_server = std::make_unique<TestServer>();
    m_token = m_server->shareNewFile(QStringLiteral("réport 2024.bin"), fileSize);
    m_source = m_server->pathOf(QStringLiteral("réport 2024.bin"));
    QVERIFY(m_server->start());
    QVERIFY(m_downloads.isValid());
}

void tst_RealClients::curlDownloadIsIdentical()
{
    const QString curl = requireTool("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const QString target = m_downloads.filePath(QStringLiteral("curl.bin"));
    const ToolResult result = runTool(
        curl, {QStringLiteral("-sS"), QStringLiteral("-f"), QStringLiteral("-o"), target, url()},
        m_downloads.path());
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(sha256Of(target), sha256Of(m_source));

    // -OJ saves under the name from Content-Disposition; curl reads only the ASCII fallback.
    const ToolResult named = runTool(curl,
                                     {QStringLiteral("-sS"), QStringLiteral("-f"),
                                      QStringLiteral("-O"), QStringLiteral("-J"), url()},
                                     m_downloads.path());
    QVERIFY2(named.exitCode == 0, named.output.constData());
    QCOMPARE(sha256Of(m_downloads.filePath(QStringLiteral("report 2024.bin"))), sha256Of(m_source));
}

void tst_RealClients::curlResumes()
{
    const QString curl = requireTool("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const QString target = writePartialDownload(QStringLiteral("partial.bin"), 1234567);
    QVERIFY(!target.isEmpty());
    const ToolResult result
        = runTool(curl,
                  {QStringLiteral("-sS"), QStringLiteral("-f"), QStringLiteral("-C"),
                   QStringLiteral("-"), QStringLiteral("-o"), target, url()},
                  m_downloads.path());
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(sha256Of(target), sha256Of(m_source));
    const Transfer resumed = m_server->transfers.transfers().constLast();
    QCOMPARE(resumed.range, "bytes 1234567-" + QByteArray::number(fileSize - 1));
    QCOMPARE(resumed.bytesSent, fileSize - 1234567);
}

void tst_RealClients::curlHeadAndRange()
{
    const QString curl = requireTool("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const ToolResult head
        = runTool(curl, {QStringLiteral("-sS"), QStringLiteral("-I"), url()}, m_downloads.path());
    QVERIFY(head.output.startsWith("HTTP/1.1 200 OK"));
    QVERIFY(head.output.contains(QByteArray("Content-Length: " + QByteArray::number(fileSize))));
    const ToolResult range = runTool(
        curl, {QStringLiteral("-sS"), QStringLiteral("-r"), QStringLiteral("100-199"), url()},
        m_downloads.path());
    QCOMPARE(range.output, TestServer::contentOf(m_source).mid(100, 100));
}

void tst_RealClients::wgetDownloadSavesUnderTheSharedName()
{
    const QString wget = requireTool("wget");
    if (wget.isEmpty())
        QSKIP("wget is not installed");
    const ToolResult result = runTool(wget, {QStringLiteral("-q"), url()}, m_downloads.path());
    QVERIFY2(result.exitCode == 0, result.output.constData());
    // wget names the file after the last path segment, which is the percent-encoded name.
    QCOMPARE(sha256Of(m_downloads.filePath(QStringLiteral("réport 2024.bin"))), sha256Of(m_source));
}

void tst_RealClients::wgetResumes()
{
    const QString wget = requireTool("wget");
    if (wget.isEmpty())
        QSKIP("wget is not installed");
    const QString target = writePartialDownload(QStringLiteral("resume.bin"), 3 * 1024 * 1024);
    QVERIFY(!target.isEmpty());
    const ToolResult result = runTool(
        wget, {QStringLiteral("-q"), QStringLiteral("-c"), QStringLiteral("-O"), target, url()},
        m_downloads.path());
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(sha256Of(target), sha256Of(m_source));
    QCOMPARE(m_server->transfers.transfers().constLast().range,
             "bytes 3145728-" + QByteArray::number(fileSize - 1));
}

QTEST_GUILESS_MAIN(tst_RealClients)
#include "tst_realclients.moc"
