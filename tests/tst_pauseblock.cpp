#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"
#include "transfermodel.h"
#include "throttledreader.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QHostAddress blockedAddress(QStringLiteral("127.0.0.2"));

} // namespace

// The person sharing can pause a transfer (nothing is sent, the stall timeout waits) and block
// a client address (its connections drop, its new requests get 403, until unblocked).
class tst_PauseBlock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void pausedTransferSendsNothingAndOutlivesTheStallTimeout();
    void pausingWhatIsNotRunningChangesNothing();
    void blockedAddressIsDroppedAndRefusedUntilUnblocked();

private:
    quint64 onlyActiveTransfer() const
    {
        for (const Transfer &transfer : m_server->transfers.transfers()) {
            if (transfer.isActive())
                return transfer.id;
        }
        return 0;
    }

    std::unique_ptr<TestServer> m_server;
};

void tst_PauseBlock::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_PauseBlock::init()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.stallTimeout = std::chrono::milliseconds(800);
    m_server = std::make_unique<TestServer>(settings);
    QVERIFY(m_server->start());
}

void tst_PauseBlock::cleanup()
{
    m_server.reset();
}

void tst_PauseBlock::pausedTransferSendsNothingAndOutlivesTheStallTimeout()
{
    const qint64 size = 48 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("paused.bin"), size);
    ThrottledReader::Options options;
    options.bytesPerSecond = 16 * 1024 * 1024;
    options.keepBody = true;
    ThrottledReader reader(m_server->port(), m_server->linkPath(token), options);
    QVERIFY(waitUntil([&] { return reader.bodyBytesRead() > 2 * 1024 * 1024; }));
    const quint64 id = onlyActiveTransfer();
    QVERIFY(id != 0);
    QVERIFY(m_server->server.pauseTransfer(id));
    QVERIFY(m_server->transfers.find(id)->paused);

    // The client reads on and drains what the kernels held; then nothing more comes.
    qint64 settled = -1;
    QVERIFY(waitUntil([&] {
        const qint64 now = reader.bodyBytesRead();
        const bool same = now == settled;
        settled = now;
        QTest::qWait(200);
        return same && reader.bodyBytesRead() == settled;
    }));
    QVERIFY2(settled < size / 2, qPrintable(QString::number(settled)));
    const qint64 sentWhenSettled = m_server->transfers.find(id)->bytesSent;
    // Several stall timeouts with nothing sent: a fixed wait, since nothing must happen in it.
    QTest::qWait(2'500);
    QCOMPARE(reader.bodyBytesRead(), settled);
    QCOMPARE(m_server->transfers.find(id)->bytesSent, sentWhenSettled);
    QVERIFY2(m_server->transfers.find(id)->isActive(), "dropped while paused");
    QVERIFY(!m_server->transfers.find(id)->stalled);
    QVERIFY(!reader.finished());
    // The transfers list says so, and its tooltip says what pausing does and does not do.
    TransferModel model(m_server->transfers);
    model.setRefreshInterval(std::chrono::milliseconds(50));
    const QModelIndex state = model.index(model.rowOf(id), TransferModel::State);
    QTRY_COMPARE(model.data(state).toString(), QStringLiteral("paused"));
    QVERIFY(model.data(state, Qt::ToolTipRole).toString().contains(QStringLiteral("may give up")));

    QVERIFY(m_server->server.resumeTransfer(id));
    QVERIFY(!m_server->transfers.find(id)->paused);
    QTRY_COMPARE(model.data(state).toString(), QStringLiteral("sending"));
    QVERIFY(waitUntil([&] { return reader.finished(); }, 30'000));
    QVERIFY(!reader.failed());
    QCOMPARE(reader.body(), TestServer::contentOf(m_server->pathOf(QStringLiteral("paused.bin"))));
    QTRY_COMPARE(m_server->transfers.find(id)->state, Transfer::State::Completed);
}

void tst_PauseBlock::pausingWhatIsNotRunningChangesNothing()
{
    const QByteArray token = m_server->shareNewFile(QStringLiteral("small.bin"), 1000);
    RawClient client(m_server->port());
    QCOMPARE(client.request(getRequest(m_server->linkPath(token))).status, 200);
    QTRY_COMPARE(m_server->transfers.activeCount(), 0);
    const quint64 finished = m_server->transfers.ids().constFirst();
    QVERIFY(!m_server->server.pauseTransfer(finished));
    QVERIFY(!m_server->server.resumeTransfer(finished));
    QVERIFY(!m_server->server.pauseTransfer(12345));
    QVERIFY(!m_server->transfers.find(finished)->paused);
}

void tst_PauseBlock::blockedAddressIsDroppedAndRefusedUntilUnblocked()
{
    const qint64 size = 32 * 1024 * 1024;
    const QByteArray token = m_server->shareNewFile(QStringLiteral("shared.bin"), size);
    const QByteArray link = m_server->linkPath(token);
    const QByteArray content
        = TestServer::contentOf(m_server->pathOf(QStringLiteral("shared.bin")));
    // From the address to block: a download that reads nothing (it stays open, its transfer
    // active) and an idle keep-alive connection.
    RawClient downloading(m_server->port(), QHostAddress::LocalHost, 64 * 1024, blockedAddress);
    downloading.send(getRequest(link));
    RawClient idle(m_server->port(), QHostAddress::LocalHost, 0, blockedAddress);
    QCOMPARE(idle.request(getRequest('/' + token + '/')).status, 200);
    // From another address: a download that must go on.
    ThrottledReader::Options options;
    options.bytesPerSecond = 32 * 1024 * 1024;
    options.keepBody = true;
    ThrottledReader other(m_server->port(), link, options);
    QVERIFY(waitUntil([&] { return m_server->transfers.activeCount() == 2; }));
    quint64 blockedTransfer = 0;
    for (const Transfer &transfer : m_server->transfers.transfers()) {
        if (transfer.peerAddress == blockedAddress)
            blockedTransfer = transfer.id;
    }
    QVERIFY(blockedTransfer != 0);

    QSignalSpy changed(&m_server->server, &BlobServer::blockedClientsChanged);
    // Given as IPv4-mapped IPv6: the same client.
    QVERIFY(m_server->server.blockClient(QHostAddress(QStringLiteral("::ffff:127.0.0.2"))));
    QVERIFY(!m_server->server.blockClient(blockedAddress)); // already
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_server->server.blockedClients(), QList<QHostAddress> {blockedAddress});
    QVERIFY(m_server->server.isBlocked(blockedAddress));
    // Dropped at once: only the other address's download is left. (The download that reads
    // nothing would notice only once it reads; the idle one notices now.)
    QCOMPARE(m_server->server.connectionCount(), 1);
    QVERIFY(idle.waitForDisconnected(2'000));
    QTRY_COMPARE(m_server->transfers.find(blockedTransfer)->state, Transfer::State::Cancelled);
    QCOMPARE(m_server->transfers.find(blockedTransfer)->endReason.kind,
             EndReason::Kind::ClientBlocked);
    // New connections get 403, for the file and for anything else.
    RawClient refused(m_server->port(), QHostAddress::LocalHost, 0, blockedAddress);
    QCOMPARE(refused.request(getRequest(link)).status, 403);
    RawClient refusedPage(m_server->port(), QHostAddress::LocalHost, 0, blockedAddress);
    QCOMPARE(refusedPage.request(getRequest("/")).status, 403);
    // Everyone else is served.
    RawClient allowed(m_server->port());
    QCOMPARE(allowed.request(getRequest(link, "Range: bytes=0-99\r\n")).status, 206);
    QVERIFY(waitUntil([&] { return other.finished(); }, 30'000));
    QCOMPARE(other.body(), content);

    QVERIFY(m_server->server.unblockClient(blockedAddress));
    QVERIFY(!m_server->server.isBlocked(blockedAddress));
    QCOMPARE(changed.size(), 2);
    RawClient again(m_server->port(), QHostAddress::LocalHost, 0, blockedAddress);
    // Served again (a part of the file: this event loop reads for the client too, and a whole
    // large body could meet the short stall timeout on a busy machine).
    const ParsedResponse response = again.request(getRequest(link, "Range: bytes=0-99999\r\n"));
    QCOMPARE(response.status, 206);
    QCOMPARE(response.body, content.first(100'000));
}

QTEST_GUILESS_MAIN(tst_PauseBlock)
#include "tst_pauseblock.moc"
