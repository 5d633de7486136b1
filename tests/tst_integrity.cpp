#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

#include "apptranslators.h"
#include "blobidentity.h"
#include "hashcache.h"
#include "httptestclient.h"
#include "sharemodel.h"
#include "testserver.h"
#include "toolrun.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr qint64 fileSize = 3 * 1024 * 1024 + 17;

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

} // namespace

// SHA-256 per share: computed in the background, published in Repr-Digest and Digest for the
// hashed version only, as a sha256sum file, and checked by real clients.
class tst_Integrity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void digestOnFullRangeAndHeadResponses();
    void wantReprDigestRefusal_data();
    void wantReprDigestRefusal();
    void checksumFileChecksWithSha256sum();
    void changedFileNeverGetsTheOldDigest();
    void cachedDigestIsUsedWithoutReading();
    void aria2cSegmentedVerifiesTheDigest();
    void sharesModelShowsTheDigest();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
    bool waitForDigest();
    QString url(const QByteArray &suffix = {}) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
            .arg(m_server->port())
            .arg(QString::fromLatin1(m_server->linkPath(m_token) + suffix));
    }

    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QByteArray m_content;
    QTemporaryDir m_downloads;
};

void tst_Integrity::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Integrity::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_token = m_server->shareNewFile(QStringLiteral("data file.bin"), fileSize);
    QVERIFY(!m_token.isEmpty());
    m_content = TestServer::contentOf(m_server->pathOf(QStringLiteral("data file.bin")));
}

bool tst_Integrity::waitForDigest()
{
    return waitUntil([&] { return !m_server->shares.find(m_token)->sha256.isEmpty(); });
}

void tst_Integrity::digestOnFullRangeAndHeadResponses()
{
    QVERIFY(waitForDigest());
    const QByteArray expected = sha256(m_content);
    QCOMPARE(m_server->shares.find(m_token)->sha256, expected);
    const QByteArray repr = "sha-256=:" + expected.toBase64() + ':';
    const QByteArray legacy = "SHA-256=" + expected.toBase64();

    RawClient client(m_server->port());
    const QByteArray link = m_server->linkPath(m_token);
    const ParsedResponse full = client.request(getRequest(link));
    QCOMPARE(full.status, 200);
    QCOMPARE(full.body, m_content);
    QCOMPARE(full.header("repr-digest"), repr);
    QCOMPARE(full.header("digest"), legacy);

    const ParsedResponse partial = client.request(getRequest(link, "Range: bytes=10-99\r\n"));
    QCOMPARE(partial.status, 206);
    QCOMPARE(partial.header("repr-digest"), repr); // of the whole representation
    QCOMPARE(partial.header("digest"), legacy);

    const ParsedResponse head = client.request(getRequest(link, {}, "HEAD"), true);
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("repr-digest"), repr);

    const ParsedResponse unsatisfiable
        = client.request(getRequest(link, "Range: bytes=999999999-\r\n"));
    QCOMPARE(unsatisfiable.status, 416);
    QVERIFY(!unsatisfiable.hasHeader("repr-digest"));
}

void tst_Integrity::wantReprDigestRefusal_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("digestSent");
    QTest::addRow("none") << QByteArray() << true;
    QTest::addRow("sha-256 wanted") << QByteArray("Want-Repr-Digest: sha-256=5\r\n") << true;
    QTest::addRow("another wanted") << QByteArray("Want-Repr-Digest: sha-512=3\r\n") << true;
    QTest::addRow("sha-256 refused")
        << QByteArray("Want-Repr-Digest: sha-512=3, sha-256=0\r\n") << false;
    QTest::addRow("legacy refused") << QByteArray("Want-Digest: SHA-256;q=0\r\n") << false;
}

void tst_Integrity::wantReprDigestRefusal()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, digestSent);
    QVERIFY(waitForDigest());
    RawClient client(m_server->port());
    const ParsedResponse response
        = client.request(getRequest(m_server->linkPath(m_token), field + "Range: bytes=0-0\r\n"));
    QCOMPARE(response.status, 206);
    QCOMPARE(response.hasHeader("repr-digest"), digestSent);
    QCOMPARE(response.hasHeader("digest"), digestSent);
}

void tst_Integrity::checksumFileChecksWithSha256sum()
{
    const QString sha256sum = QStandardPaths::findExecutable(QStringLiteral("sha256sum"));
    if (sha256sum.isEmpty())
        QSKIP("sha256sum (coreutils) is not installed");
    QVERIFY(waitForDigest());
    RawClient client(m_server->port());
    const ParsedResponse checksum
        = client.request(getRequest(m_server->linkPath(m_token) + ".sha256"));
    QCOMPARE(checksum.status, 200);
    QCOMPARE(checksum.body, sha256(m_content).toHex() + "  data file.bin\n");

    QVERIFY(TestServer::writeFile(m_downloads.filePath(QStringLiteral("data file.bin")),
                                  client.request(getRequest(m_server->linkPath(m_token))).body));
    QVERIFY(TestServer::writeFile(m_downloads.filePath(QStringLiteral("data file.bin.sha256")),
                                  checksum.body));
    ToolResult check
        = runTool(sha256sum, {QStringLiteral("-c"), QStringLiteral("data file.bin.sha256")},
                  m_downloads.path());
    QVERIFY2(check.exitCode == 0, check.output.constData());
    QVERIFY2(check.output.contains("data file.bin: OK"), check.output.constData());

    // A copy with one byte changed fails the check.
    QByteArray corrupt = m_content;
    corrupt[1000] = char(corrupt[1000] ^ 1);
    QVERIFY(TestServer::writeFile(m_downloads.filePath(QStringLiteral("data file.bin")), corrupt));
    check = runTool(sha256sum, {QStringLiteral("-c"), QStringLiteral("data file.bin.sha256")},
                    m_downloads.path());
    QVERIFY2(check.exitCode != 0, check.output.constData());
}

void tst_Integrity::changedFileNeverGetsTheOldDigest()
{
    QVERIFY(waitForDigest());
    const QByteArray oldDigest = m_server->shares.find(m_token)->sha256;
    const QString path = m_server->pathOf(QStringLiteral("data file.bin"));
    // Same size, other bytes: only the modification time tells the versions apart.
    QByteArray changed = m_content;
    changed[0] = char(changed[0] ^ 0xff);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QCOMPARE(file.write(changed.first(1)), 1);
    }
    const QByteArray oldRepr = "sha-256=:" + oldDigest.toBase64() + ':';
    const QByteArray newRepr = "sha-256=:" + sha256(changed).toBase64() + ':';
    RawClient client(m_server->port());
    const QByteArray link = m_server->linkPath(m_token);
    // From the first request that sees the new version on, the old digest never appears; the
    // new one does once the new version has been read.
    bool sawNewDigest = false;
    QVERIFY(waitUntil([&] {
        const ParsedResponse response = client.request(getRequest(link, "Range: bytes=0-0\r\n"));
        if (response.body == changed.first(1)) {
            if (response.header("repr-digest") == oldRepr)
                return true; // fails below
            sawNewDigest = response.header("repr-digest") == newRepr;
        } else {
            // Still the old version: the old digest may describe it.
        }
        return sawNewDigest;
    }));
    QVERIFY(sawNewDigest);
    const ParsedResponse checksum = client.request(getRequest(link + ".sha256"));
    QVERIFY(checksum.body.startsWith(sha256(changed).toHex()));
}

void tst_Integrity::cachedDigestIsUsedWithoutReading()
{
    // A digest stored for this exact version (one no read would give) is what gets published:
    // the file was not read again.
    QTemporaryDir cacheDir;
    const QString cachePath = cacheDir.filePath(QStringLiteral("sha256-cache"));
    const QString path = m_server->pathOf(QStringLiteral("cached.bin"));
    QVERIFY(TestServer::writeFile(path, "cached bytes"));
    const QByteArray planted = QByteArray(32, '\x5a');
    HashCache(cachePath).store(BlobIdentity::ofPath(path), planted);

    ShareRegistry registry(nullptr, cachePath);
    const QByteArray token = registry.addFile(path).token;
    QVERIFY(waitUntil([&] { return !registry.find(token)->sha256.isEmpty(); }));
    QCOMPARE(registry.find(token)->sha256, planted);

    // Another version of the file misses the cache and is read.
    QVERIFY(TestServer::writeFile(path, "other bytes, other length"));
    ShareRegistry second(nullptr, cachePath);
    const QByteArray secondToken = second.addFile(path).token;
    QVERIFY(waitUntil([&] { return !second.find(secondToken)->sha256.isEmpty(); }));
    QCOMPARE(second.find(secondToken)->sha256, sha256("other bytes, other length"));
}

void tst_Integrity::aria2cSegmentedVerifiesTheDigest()
{
    const QString aria2c = QStandardPaths::findExecutable(QStringLiteral("aria2c"));
    if (aria2c.isEmpty())
        QSKIP("aria2c is not installed (Debian: aria2)");
    QVERIFY(waitForDigest());
    const ToolResult result = runTool(
        aria2c,
        {QStringLiteral("-x8"), QStringLiteral("-s8"), QStringLiteral("--min-split-size=1M"),
         QStringLiteral("--log=-"), QStringLiteral("--log-level=debug"),
         QStringLiteral("--console-log-level=notice"), QStringLiteral("--allow-overwrite=true"),
         QStringLiteral("--dir=") + m_downloads.path(), url()},
        m_downloads.path());
    QVERIFY2(result.exitCode == 0, result.output.right(3000).constData());
    QCOMPARE(TestServer::contentOf(m_downloads.filePath(QStringLiteral("data file.bin"))),
             m_content);
    // aria2c took the digest from the Digest field and checked the whole file against it.
    QVERIFY2(result.output.contains("Setting digest: type=sha-256"),
             result.output.right(3000).constData());
    QVERIFY2(result.output.contains("Verification finished successfully"),
             result.output.right(3000).constData());
}

void tst_Integrity::sharesModelShowsTheDigest()
{
    ShareModel model(m_server->shares);
    const QModelIndex checksum = model.index(model.rowOf(m_token), ShareModel::Checksum);
    QVERIFY(waitForDigest());
    const QString hex = QString::fromLatin1(sha256(m_content).toHex());
    QCOMPARE(checksum.data().toString(), hex);
    QCOMPARE(checksum.data(ShareModel::Sha256Role).toString(), hex);
    QCOMPARE(model.headerData(ShareModel::Checksum, Qt::Horizontal).toString(),
             QStringLiteral("SHA-256"));
}

QTEST_GUILESS_MAIN(tst_Integrity)
#include "tst_integrity.moc"
