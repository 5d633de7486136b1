#include <QAbstractItemModelTester>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "downloadmodel.h"
#include "httptestclient.h"
#include "testserver.h"
#include "throttledreader.h"
#include "toolrun.h"
#include "transfermodel.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr auto refreshInterval = std::chrono::milliseconds(50);
const QHostAddress second(QStringLiteral("127.0.0.2"));

} // namespace

// One row per client's download of a share, combining its requests (resumes, segments) and
// expanding to them; checked against real downloads with a model tester watching.
class tst_DownloadModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void resumedDownloadIsOneRowAndAFetchAfterItIsAnother();
    void otherClientsAndSharesHaveTheirOwnRows();
    void aria2SegmentsAreOneRowWithEveryRequestBelow();
    void clearingFinishedRequestsKeepsTheTreeConsistent();

private:
    // curl's status code for a download of `path` to nowhere.
    int curl(const QByteArray &path, const QStringList &extra = {})
    {
        const ToolResult result = runTool(
            QStandardPaths::findExecutable(QStringLiteral("curl")),
            QStringList {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                         QStringLiteral("-w"), QStringLiteral("%{http_code}")}
                + extra
                + QStringList {QStringLiteral("http://127.0.0.1:%1%2")
                                   .arg(m_server->port())
                                   .arg(QString::fromLatin1(path))});
        return result.exitCode == 0 ? result.output.trimmed().right(3).toInt() : -1;
    }
    QString text(int row, int column, const QModelIndex &parent = {}) const
    {
        return m_model->index(row, column, parent).data().toString();
    }

    QTemporaryDir m_scratch;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TransferModel> m_transfers;
    std::unique_ptr<DownloadModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_DownloadModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_scratch.isValid());
}

void tst_DownloadModel::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_server->transfers.setProgressInterval(refreshInterval);
    m_transfers = std::make_unique<TransferModel>(m_server->transfers);
    m_transfers->setRefreshInterval(refreshInterval);
    m_model = std::make_unique<DownloadModel>(*m_transfers);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_DownloadModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_transfers.reset();
    m_server.reset();
}

void tst_DownloadModel::resumedDownloadIsOneRowAndAFetchAfterItIsAnother()
{
    // Large beside the kernel's socket buffers, so what they hold does not complete it.
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed");
    const qint64 size = 64 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("film.bin"), size);
    const QByteArray path = m_server->linkPath(token);
    // Cut off after a quarter...
    {
        ThrottledReader::Options options;
        options.bytesPerSecond = 32 * 1024 * 1024;
        ThrottledReader reader(m_server->port(), path, options);
        QVERIFY(waitUntil([&] { return reader.bodyBytesRead() >= size / 4; }, 30'000));
        reader.setPaused(true);
        QTRY_COMPARE(m_model->rowCount(), 1);
        QTRY_VERIFY(
            m_model->index(0, TransferModel::Transferred).data(TransferModel::SortRole).toLongLong()
            > 0);
        // A single request is the download itself: no requests below it.
        QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0);
        QCOMPARE(text(0, TransferModel::Range), QStringLiteral("whole file"));
    }
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    m_transfers->refresh();
    const qint64 delivered = m_server->transfers.transfers().constFirst().bytesDelivered;
    QVERIFY2(delivered > 0 && delivered < size, qPrintable(QString::number(delivered)));

    // ...then resumed from where it stopped: the same row, now with both requests below.
    QCOMPARE(curl(path, {QStringLiteral("-r"), QStringLiteral("%1-").arg(delivered)}), 206);
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    QTRY_COMPARE(m_model->rowCount(m_model->index(0, 0)), 2);
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex download = m_model->index(0, 0);
    QTRY_COMPARE(text(0, TransferModel::State), QStringLiteral("completed"));
    QCOMPARE(text(0, TransferModel::Progress),
             QLocale().toString(100.0, 'f', 1) + QStringLiteral(" %"));
    QCOMPARE(
        m_model->index(0, TransferModel::Transferred).data(TransferModel::SortRole).toLongLong(),
        size);
    QCOMPARE(text(0, TransferModel::Range), QStringLiteral("2 requests"));
    QCOMPARE(m_model->index(0, 0).data(DownloadModel::TransferIdsRole).toList().size(), 2);
    // Below: each request as the transfer list shows it.
    QCOMPARE(text(0, TransferModel::Range, download), QStringLiteral("whole file"));
    QCOMPARE(text(1, TransferModel::Range, download),
             QStringLiteral("bytes %1-%2").arg(delivered).arg(size - 1));
    QCOMPARE(text(1, TransferModel::State, download), QStringLiteral("completed"));
    QVERIFY(!m_model->index(1, 0, download).data(DownloadModel::IsDownloadRole).toBool());
    QVERIFY(download.data(DownloadModel::IsDownloadRole).toBool());

    // Fetching the file again after a complete download is another download.
    QCOMPARE(curl(path), 200);
    QTRY_COMPARE(m_model->rowCount(), 2);
    QTRY_COMPARE(text(1, TransferModel::State), QStringLiteral("completed"));
    QCOMPARE(m_model->rowCount(m_model->index(1, 0)), 0);
}

void tst_DownloadModel::otherClientsAndSharesHaveTheirOwnRows()
{
    const QByteArray a = m_server->shareNewFile(QStringLiteral("a.bin"), 64 * 1024 * 1024);
    const QByteArray b = m_server->shareNewFile(QStringLiteral("b.bin"), 64 * 1024 * 1024);
    // Held open (small receive buffers), so each stays one running request.
    RawClient firstA(m_server->port(), QHostAddress::LocalHost, 4096);
    firstA.send(getRequest(m_server->linkPath(a)));
    RawClient secondA(m_server->port(), QHostAddress::LocalHost, 4096, second);
    secondA.send(getRequest(m_server->linkPath(a)));
    RawClient firstB(m_server->port(), QHostAddress::LocalHost, 4096);
    firstB.send(getRequest(m_server->linkPath(b)));
    QTRY_COMPARE(m_model->rowCount(), 3);
    QTRY_COMPARE(m_server->transfers.activeCount(), 3);
    // The same client's second connection to a running download joins it.
    RawClient firstAAgain(m_server->port(), QHostAddress::LocalHost, 4096);
    firstAAgain.send(getRequest(m_server->linkPath(a), "Range: bytes=32000000-\r\n"));
    QTRY_COMPARE(m_server->transfers.activeCount(), 4);
    QTRY_COMPARE(m_transfers->rowCount(), 4);
    QCOMPARE(m_model->rowCount(), 3);
    int joined = -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->rowCount(m_model->index(row, 0)) == 2)
            joined = row;
    }
    QVERIFY(joined >= 0);
    QCOMPARE(text(joined, TransferModel::Client), QStringLiteral("127.0.0.1"));
    QCOMPARE(text(joined, TransferModel::File), QStringLiteral("a.bin"));
    QTRY_VERIFY(text(joined, TransferModel::State).startsWith(QStringLiteral("sending on 2")));
}

void tst_DownloadModel::aria2SegmentsAreOneRowWithEveryRequestBelow()
{
    const QString aria2 = QStandardPaths::findExecutable(QStringLiteral("aria2c"));
    if (aria2.isEmpty())
        QSKIP("aria2c is not installed");
    const qint64 size = 24 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("film.bin"), size);
    const ToolResult result = runTool(
        aria2,
        {QStringLiteral("-q"), QStringLiteral("-x8"), QStringLiteral("-s8"),
         QStringLiteral("--min-split-size=1M"), QStringLiteral("--allow-overwrite=true"),
         QStringLiteral("-d"), m_scratch.path(), QStringLiteral("-o"), QStringLiteral("film.bin"),
         QStringLiteral("http://127.0.0.1:%1%2")
             .arg(m_server->port())
             .arg(QString::fromLatin1(m_server->linkPath(token)))});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    const int requests = int(m_server->transfers.ids().size());
    QVERIFY2(requests >= 8, qPrintable(QString::number(requests)));
    QTRY_COMPARE(m_transfers->rowCount(), requests);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->rowCount(m_model->index(0, 0)), requests);
    QTRY_COMPARE(text(0, TransferModel::State), QStringLiteral("completed"));
    QCOMPARE(m_model->index(0, 0).data(TransferModel::ProgressRole).toDouble(), 1.0);
    QCOMPARE(text(0, TransferModel::Range), QStringLiteral("%1 requests").arg(requests));
}

void tst_DownloadModel::clearingFinishedRequestsKeepsTheTreeConsistent()
{
    const QByteArray big = m_server->shareNewFile(QStringLiteral("big.bin"), 64 * 1024 * 1024);
    const QByteArray small = m_server->shareNewFile(QStringLiteral("small.bin"), 1000);
    // One download with a running request and finished ones beside it, and finished ones alone.
    RawClient running(m_server->port(), QHostAddress::LocalHost, 4096);
    running.send(getRequest(m_server->linkPath(big)));
    for (int i = 0; i < 3; ++i) {
        RawClient part(m_server->port());
        QCOMPARE(part.request(getRequest(m_server->linkPath(big), "Range: bytes=0-999\r\n")).status,
                 206);
        RawClient whole(m_server->port(), QHostAddress::LocalHost, 0, second);
        QCOMPARE(whole.request(getRequest(m_server->linkPath(small))).status, 200);
    }
    QTRY_COMPARE(m_transfers->rowCount(), 7);
    QCOMPARE(m_model->rowCount(), 4); // the big download, and three of the small file
    m_server->transfers.clearFinished();
    QCOMPARE(m_transfers->rowCount(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0);
    QCOMPARE(text(0, TransferModel::File), QStringLiteral("big.bin"));
    QCOMPARE(m_model->index(0, 0).data(TransferModel::TransferIdRole).toULongLong(),
             m_transfers->transferIdAt(0));
}

QTEST_GUILESS_MAIN(tst_DownloadModel)
#include "tst_downloadmodel.moc"
