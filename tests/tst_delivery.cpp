#include <QTest>

#include "httptestclient.h"
#include "testserver.h"
#include "throttledreader.h"

using namespace Sluice;
using namespace SluiceTest;

// Bytes delivered are bytes the client's TCP stack acknowledged, not bytes handed to the
// kernel: the difference is what sits in the server's send queue and the network, which for a
// slow client is most of what was "sent".
class tst_Delivery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deliveredFollowsWhatTheClientReceived();
    void completedResponseCountsEveryByte();
};

void tst_Delivery::deliveredFollowsWhatTheClientReceived()
{
    TestServer server;
    QVERIFY(server.start());
    const qint64 size = 64 * 1024 * 1024;
    const QByteArray token = server.shareNewFile(QStringLiteral("big.bin"), size);
    ThrottledReader::Options options;
    options.bytesPerSecond = 4 * 1024 * 1024;
    ThrottledReader client(server.port(), server.linkPath(token), options);
    QVERIFY(waitUntil([&] { return client.bodyBytesRead() > 2 * 1024 * 1024; }));
    client.setPaused(true);
    // Once the client's buffer is full, nothing more is acknowledged; the server's kernel keeps
    // what it was handed.
    QVERIFY(!server.transfers.ids().isEmpty());
    const quint64 id = server.transfers.ids().first();
    qint64 settled = -1;
    QVERIFY(waitUntil([&] {
        const qint64 delivered = server.transfers.find(id)->bytesDelivered;
        const bool same = delivered == settled;
        settled = delivered;
        QTest::qWait(300);
        return same && server.transfers.find(id)->bytesDelivered == settled;
    }));
    const Transfer *transfer = server.transfers.find(id);
    const qint64 received = client.bodyBytesRead() + client.bytesWaitingInKernel();
    const QString numbers = QStringLiteral("sent %1, delivered %2, client has %3")
                                .arg(transfer->bytesSent)
                                .arg(transfer->bytesDelivered)
                                .arg(received);
    QVERIFY2(transfer->bytesDelivered <= received, qPrintable(numbers));
    QVERIFY2(received - transfer->bytesDelivered < 64 * 1024, qPrintable(numbers));
    QVERIFY2(transfer->bytesSent - transfer->bytesDelivered > 256 * 1024, qPrintable(numbers));

    // Cancelled: the final count is what the kernel had confirmed, not what it was handed.
    const qint64 confirmed = transfer->bytesDelivered;
    QVERIFY(server.server.cancelTransfer(id));
    QVERIFY(waitUntil([&] { return !server.transfers.find(id)->isActive(); }));
    QCOMPARE(server.transfers.find(id)->state, Transfer::State::Cancelled);
    QCOMPARE(server.transfers.find(id)->bytesDelivered, confirmed);
    QVERIFY(server.transfers.find(id)->bytesSent >= confirmed);
}

void tst_Delivery::completedResponseCountsEveryByte()
{
    TestServer server;
    QVERIFY(server.start());
    const qint64 size = 3 * 1024 * 1024 + 17;
    const QByteArray token = server.shareNewFile(QStringLiteral("small.bin"), size);
    ThrottledReader::Options options;
    options.bytesPerSecond = 8 * 1024 * 1024;
    options.keepBody = true;
    ThrottledReader client(server.port(), server.linkPath(token), options);
    QVERIFY(waitUntil([&] { return client.finished(); }));
    QVERIFY(waitUntil([&] {
        return !server.transfers.ids().isEmpty()
            && !server.transfers.find(server.transfers.ids().first())->isActive();
    }));
    const Transfer *transfer = server.transfers.find(server.transfers.ids().first());
    QCOMPARE(transfer->state, Transfer::State::Completed);
    QCOMPARE(transfer->bytesDelivered, size);
    QCOMPARE(server.transfers.totalBytesDelivered(), size);
    QCOMPARE(client.body(), TestServer::contentOf(server.pathOf(QStringLiteral("small.bin"))));
}

QTEST_GUILESS_MAIN(tst_Delivery)
#include "tst_delivery.moc"
