#include <memory>
#include <vector>

#include <QTcpServer>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr int slowClients = 4;
constexpr qint64 fileSize = 4 * 1024 * 1024 + 29; // more than loopback buffers hold
constexpr qint64 clientBuffer = 16 * 1024;

} // namespace

// Moving a running server to another port or address: the new listeners open first, and a
// failure leaves the old ones and every running download as they were.
class tst_Rebind : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void busyPortFailsAndChangesNothing();
    void freePortMovesTheListeners();
    void samePortOnEveryAddress();

private:
    // Clients that read nothing until told to, so their downloads are running for sure.
    void startSlowDownloads();
    // Reads the slow clients to the end and checks every body byte for byte.
    void finishSlowDownloads();
    bool acceptsOn(quint16 port);

    std::unique_ptr<TestServer> m_server;
    QByteArray m_token;
    QByteArray m_content;
    std::vector<std::unique_ptr<RawClient>> m_clients;
};

void tst_Rebind::init()
{
    m_server = std::make_unique<TestServer>();
    m_token = m_server->shareNewFile(QStringLiteral("slow.bin"), fileSize);
    QVERIFY(!m_token.isEmpty());
    m_content = TestServer::contentOf(m_server->pathOf(QStringLiteral("slow.bin")));
    QVERIFY2(m_server->start(), qPrintable(m_server->server.errorString()));
}

void tst_Rebind::cleanup()
{
    m_clients.clear();
    m_server.reset();
}

void tst_Rebind::startSlowDownloads()
{
    for (int i = 0; i < slowClients; ++i) {
        m_clients.push_back(
            std::make_unique<RawClient>(m_server->port(), QHostAddress::LocalHost, clientBuffer));
        m_clients.back()->send(getRequest(m_server->linkPath(m_token), "Connection: close\r\n"));
    }
    QVERIFY(waitUntil([this] { return m_server->transfers.activeCount() == slowClients; }));
    // Each has had its first bytes and waits for its reader.
    QVERIFY(waitUntil([this] {
        const QList<Transfer> transfers = m_server->transfers.transfers();
        return std::all_of(transfers.cbegin(), transfers.cend(),
                           [](const Transfer &transfer) { return transfer.bytesSent > 0; });
    }));
}

void tst_Rebind::finishSlowDownloads()
{
    QCOMPARE(m_server->transfers.activeCount(), slowClients);
    const auto whole = [this](RawClient &client) {
        client.readPending();
        const QList<ParsedResponse> responses = parseResponses(client.received());
        return !responses.isEmpty() && responses.first().complete;
    };
    QVERIFY(waitUntil(
        [&] {
            bool all = true;
            for (const auto &client : m_clients)
                all = whole(*client) && all;
            return all;
        },
        60'000));
    for (const auto &client : m_clients) {
        const ParsedResponse response = parseResponses(client->received()).value(0);
        QCOMPARE(response.status, 200);
        QVERIFY2(response.body == m_content, "the download is byte-identical");
    }
    QVERIFY(waitUntil([this] { return m_server->transfers.activeCount() == 0; }));
    for (const Transfer &transfer : m_server->transfers.transfers())
        QCOMPARE(int(transfer.state), int(Transfer::State::Completed));
}

bool tst_Rebind::acceptsOn(quint16 port)
{
    RawClient client(port);
    const ParsedResponse response = client.request(getRequest(m_server->linkPath(m_token)));
    return response.status == 200 && response.complete && response.body == m_content;
}

void tst_Rebind::busyPortFailsAndChangesNothing()
{
    const quint16 oldPort = m_server->port();
    startSlowDownloads();
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));

    ServerSettings moved = m_server->server.settings();
    moved.port = occupant.serverPort();
    QVERIFY(!m_server->server.rebind(moved));
    const QString reason = m_server->server.errorString();
    QVERIFY2(reason.contains(QStringLiteral("already in use")), qPrintable(reason));
    QVERIFY2(reason.contains(QString::number(occupant.serverPort())), qPrintable(reason));
    QVERIFY(m_server->server.isListening());
    QCOMPARE(m_server->port(), oldPort);
    QCOMPARE(m_server->server.settings().port, quint16(0)); // the settings stay as they were
    QVERIFY2(acceptsOn(oldPort), "the old port still serves");
    finishSlowDownloads();
}

void tst_Rebind::freePortMovesTheListeners()
{
    const quint16 oldPort = m_server->port();
    startSlowDownloads();
    ServerSettings moved = m_server->server.settings();
    moved.port = 0; // any free port
    QVERIFY2(m_server->server.rebind(moved), qPrintable(m_server->server.errorString()));
    const quint16 newPort = m_server->port();
    QVERIFY(newPort != oldPort);
    QVERIFY(m_server->server.isListening());
    QVERIFY2(acceptsOn(newPort), "the new port serves");

    RawClient refused(oldPort);
    QVERIFY2(!refused.waitForConnected(), "the old port is closed");
    // Running transfers keep their connections on the old port and finish there.
    finishSlowDownloads();
}

void tst_Rebind::samePortOnEveryAddress()
{
    // From one address to every address on the same port: our own listener holds the port on
    // 127.0.0.1, so the listeners are let go and taken again without losing the transfers.
    const quint16 port = m_server->port();
    startSlowDownloads();
    ServerSettings everywhere = m_server->server.settings();
    everywhere.bindAddresses.clear();
    everywhere.port = port;
    QVERIFY2(m_server->server.rebind(everywhere), qPrintable(m_server->server.errorString()));
    QCOMPARE(m_server->port(), port);
    QVERIFY(m_server->server.listeningAddresses().contains(QHostAddress(QHostAddress::AnyIPv4)));
    QVERIFY2(acceptsOn(port), "the port serves on every address");
    finishSlowDownloads();
}

QTEST_GUILESS_MAIN(tst_Rebind)
#include "tst_rebind.moc"
