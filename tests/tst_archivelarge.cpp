#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

#include "archivetree.h"
#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

// The archives that need ZIP64: more than 65,535 entries, and a member over 4 GiB (so sizes and
// the offsets after it too). Slow (minutes, gigabytes of disk): runs only when
// SLUICE_LARGE_TESTS is set, as `tools/sluice-setup test-large` does.
class tst_ArchiveLarge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void seventyThousandFiles();
    void memberOverFourGiB();

private:
    QString downloadArchive(const QByteArray &token, const QString &name);
    TestServer m_server;
    QTemporaryDir m_scratch;
};

void tst_ArchiveLarge::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("SLUICE_LARGE_TESTS"))
        QSKIP("set SLUICE_LARGE_TESTS=1 (tools/sluice-setup test-large) to run");
    QVERIFY(m_server.start());
    QVERIFY(m_scratch.isValid());
}

QString tst_ArchiveLarge::downloadArchive(const QByteArray &token, const QString &name)
{
    const QString url = QStringLiteral("http://127.0.0.1:%1%2")
                            .arg(m_server.port())
                            .arg(QString::fromLatin1(m_server.linkPath(token)));
    const QString target = m_scratch.filePath(name);
    const ToolResult result
        = runTool(QStandardPaths::findExecutable(QStringLiteral("curl")),
                  {QStringLiteral("-sSf"), QStringLiteral("-o"), target, url}, {}, 600'000);
    if (result.exitCode != 0)
        qWarning("curl: %s", result.output.constData());
    return result.exitCode == 0 ? target : QString();
}

void tst_ArchiveLarge::seventyThousandFiles()
{
    const QString root = m_server.pathOf(QStringLiteral("many"));
    ExpectedMembers expected;
    for (int folder = 0; folder < 70; ++folder) {
        const QString sub = QStringLiteral("%1/d%2").arg(root).arg(folder);
        QVERIFY(QDir().mkpath(sub));
        for (int file = 0; file < 1000; ++file) {
            const QString path = QStringLiteral("%1/f%2.txt").arg(sub).arg(file);
            QVERIFY(TestServer::writeFile(
                path, QByteArray::number(folder * 1000 + file).repeated(file % 7)));
            expected.insert(QStringLiteral("many/d%1/f%2.txt").arg(folder).arg(file), path);
        }
    }
    const QByteArray token = m_server.shares.addFile(root).token;
    QVERIFY(!token.isEmpty());
    QCOMPARE(m_server.shares.find(token)->archive->fileCount, 70'000);
    const QString archive = downloadArchive(token, QStringLiteral("many.zip"));
    QVERIFY(!archive.isEmpty());
    QVERIFY(TestServer::contentOf(archive).contains("PK\x06\x06")); // the ZIP64 end record
    const QString problem = verifyArchive(archive, expected, m_scratch.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QFile::remove(archive);
}

void tst_ArchiveLarge::memberOverFourGiB()
{
    const QString root = m_server.pathOf(QStringLiteral("big"));
    QVERIFY(QDir().mkpath(root));
    ExpectedMembers expected;
    const QString before = root + QStringLiteral("/a before.txt");
    const QString huge = root + QStringLiteral("/huge.bin");
    const QString after = root + QStringLiteral("/z after.txt");
    QVERIFY(TestServer::writeFile(before, "first"));
    QVERIFY(TestServer::writeFile(after, TestServer::patternBytes(5000)));
    {
        // Sparse, with data here and there so its CRC is not that of zeros.
        QFile file(huge);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(4LL * 1024 * 1024 * 1024 + 12345));
        for (qint64 at : {qint64(0), qint64(3) << 30, (qint64(4) << 30) + 1000}) {
            QVERIFY(file.seek(at));
            QVERIFY(file.write(TestServer::patternBytes(4096, quint32(at))) == 4096);
        }
    }
    expected.insert(QStringLiteral("big/a before.txt"), before);
    expected.insert(QStringLiteral("big/huge.bin"), huge);
    expected.insert(QStringLiteral("big/z after.txt"), after);
    const QByteArray token = m_server.shares.addFile(root).token;
    QVERIFY(!token.isEmpty());
    QVERIFY(m_server.shares.find(token)->currentIdentity.size > (qint64(4) << 30));
    const QString archive = downloadArchive(token, QStringLiteral("big.zip"));
    QVERIFY(!archive.isEmpty());
    const QString problem = verifyArchive(archive, expected, m_scratch.path());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QFile::remove(archive);
}

QTEST_GUILESS_MAIN(tst_ArchiveLarge)
#include "tst_archivelarge.moc"
