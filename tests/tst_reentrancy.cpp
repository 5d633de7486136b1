#include <functional>
#include <memory>
#include <vector>

#include <QTest>

#include "httptestclient.h"
#include "signaldeferral.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr int clientCount = 40;
constexpr qint64 smallChunk = 16 * 1024; // many chunks, so many passes per download

struct Download
{
    QByteArray token;
    std::unique_ptr<RawClient> client;
    QHostAddress clientAddress;
    quint16 clientPort = 0;
};

} // namespace

// Slots that stop the server, remove shares or change the chunk size, run while forty clients
// download over loopback: the engine must deliver its signals after a pump pass, never in one,
// and keep every download that is not cut on purpose intact.
class tst_Reentrancy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void stopFromTransferFinished();
    void stopFromShareChanged();
    void removeSharesFromShareChanged();
    void removeShareFromTransferFinished();
    void changeChunkSizeFromTransferFinished();

private:
    // Ten clients download the small file, twenty the big one and ten the other one.
    void runLoad();
    void watchDelivery();
    const Transfer *transferOf(const Download &download) const;
    QByteArray contentOf(const QByteArray &token) const { return m_contents.value(token); }
    // The client saw a prefix of the file and nothing else; returns whether it saw all of it.
    bool checkBody(const Download &download, bool *complete) const;

    std::unique_ptr<TestServer> m_server;
    QByteArray m_small;
    QByteArray m_big;
    QByteArray m_other;
    QHash<QByteArray, QByteArray> m_contents;
    std::vector<Download> m_downloads;
    int m_deliveredInPass = 0;
    int m_finishedNotFound = 0;
    int m_changedNotFound = 0;
};

void tst_Reentrancy::init()
{
    ServerSettings settings = TestServer::defaultSettings();
    settings.chunkSize = smallChunk;
    m_server = std::make_unique<TestServer>(settings);
    const struct
    {
        QByteArray *token;
        const char *name;
        qint64 size;
    } files[] = {{&m_small, "small.bin", 256 * 1024 + 7},
                 {&m_big, "big.bin", 4 * 1024 * 1024 + 13},
                 {&m_other, "other.bin", 2 * 1024 * 1024 + 3}};
    for (const auto &file : files) {
        *file.token = m_server->shareNewFile(QString::fromLatin1(file.name), file.size);
        QVERIFY(!file.token->isEmpty());
        m_contents.insert(*file.token,
                          TestServer::contentOf(m_server->pathOf(QString::fromLatin1(file.name))));
        QCOMPARE(m_contents.value(*file.token).size(), file.size);
    }
    QVERIFY2(m_server->start(), qPrintable(m_server->server.errorString()));
    m_deliveredInPass = 0;
    m_finishedNotFound = 0;
    m_changedNotFound = 0;
    watchDelivery();
}

void tst_Reentrancy::cleanup()
{
    m_downloads.clear();
    m_server.reset();
    m_contents.clear();
}

void tst_Reentrancy::watchDelivery()
{
    TransferTracker *transfers = &m_server->transfers;
    ShareRegistry *shares = &m_server->shares;
    auto countPass = [this] {
        if (SignalDeferral::isDeferring())
            ++m_deliveredInPass;
    };
    connect(transfers, &TransferTracker::transferStarted, this, countPass);
    connect(transfers, &TransferTracker::transfersProgressed, this, countPass);
    connect(transfers, &TransferTracker::transferFinished, this,
            [this, transfers, countPass](quint64 id) {
                countPass();
                const Transfer *transfer = transfers->find(id);
                if (!transfer || transfer->isActive())
                    ++m_finishedNotFound;
            });
    connect(shares, &ShareRegistry::shareChanged, this,
            [this, shares, countPass](const QByteArray &token) {
                countPass();
                if (!shares->find(token))
                    ++m_changedNotFound;
            });
}

void tst_Reentrancy::runLoad()
{
    for (int i = 0; i < clientCount; ++i) {
        Download download;
        download.token = i < 10 ? m_small : i < 30 ? m_big : m_other;
        // Each from an address of its own: every completion is a download of its own client.
        download.clientAddress = QHostAddress(0x7f000000u + 10u + i);
        download.client = std::make_unique<RawClient>(m_server->port(), QHostAddress::LocalHost, 0,
                                                      download.clientAddress);
        RawClient *client = download.client.get();
        // Noted on connecting: a client the stop cuts early has no local port afterwards.
        connect(&client->socket(), &QTcpSocket::connected, this, [this, client] {
            for (Download &each : m_downloads) {
                if (each.client.get() == client)
                    each.clientPort = client->socket().localPort();
            }
        });
        download.client->send(
            getRequest(m_server->linkPath(download.token), "Connection: close\r\n"));
        m_downloads.push_back(std::move(download));
    }
    QVERIFY2(waitUntil(
                 [this] {
                     return std::all_of(m_downloads.cbegin(), m_downloads.cend(),
                                        [](const Download &download) {
                                            return download.client->isDisconnected();
                                        });
                 },
                 120'000),
             "every connection ends");
    // Whatever was still waiting to be delivered goes out before the checks.
    QVERIFY(waitUntil([this] { return m_server->transfers.activeCount() == 0; }));
    QCOMPARE(m_deliveredInPass, 0);
    QCOMPARE(m_finishedNotFound, 0);
    QCOMPARE(m_changedNotFound, 0);
}

const Transfer *tst_Reentrancy::transferOf(const Download &download) const
{
    // Address and port: clients on different addresses may get the same port.
    for (const Transfer &transfer : m_server->transfers.transfers()) {
        if (transfer.peerPort == download.clientPort
            && transfer.peerAddress.isEqual(download.clientAddress,
                                            QHostAddress::ConvertV4MappedToIPv4))
            return m_server->transfers.find(transfer.id);
    }
    return nullptr;
}

bool tst_Reentrancy::checkBody(const Download &download, bool *complete) const
{
    const QByteArray content = contentOf(download.token);
    const QList<ParsedResponse> responses
        = parseResponses(download.client->received(), {}, download.client->isDisconnected());
    *complete = false;
    if (responses.isEmpty())
        return true; // cut before the head: nothing wrong was sent
    const ParsedResponse &response = responses.first();
    if (response.status != 200)
        return false;
    *complete = response.complete && response.body.size() == content.size();
    return content.startsWith(response.body);
}

void tst_Reentrancy::stopFromTransferFinished()
{
    int completed = 0;
    int stops = 0;
    connect(&m_server->transfers, &TransferTracker::transferFinished, this, [&](quint64 id) {
        const Transfer *transfer = m_server->transfers.find(id);
        if (transfer && transfer->state == Transfer::State::Completed && ++completed == 3) {
            ++stops;
            m_server->server.stop();
        }
    });
    runLoad();
    QCOMPARE(stops, 1);
    QVERIFY(!m_server->server.isListening());
    int intact = 0;
    for (const Download &download : m_downloads) {
        bool complete = false;
        QVERIFY2(checkBody(download, &complete), "a body is a prefix of its file");
        const Transfer *transfer = transferOf(download);
        if (transfer && transfer->state == Transfer::State::Completed) {
            QVERIFY2(complete, "a transfer reported completed delivered the whole file");
            ++intact;
        } else if (transfer) {
            QCOMPARE(int(transfer->error), int(Transfer::Error::ServerStopped));
        }
    }
    QVERIFY2(intact >= 3, qPrintable(QString::number(intact)));
    QVERIFY2(intact < clientCount, "the stop cut some downloads");
}

void tst_Reentrancy::stopFromShareChanged()
{
    int stops = 0;
    connect(&m_server->shares, &ShareRegistry::shareChanged, this, [&](const QByteArray &token) {
        const Share *share = m_server->shares.find(token);
        if (token == m_small && share && share->completedDownloads >= 3 && stops == 0) {
            ++stops;
            m_server->server.stop();
        }
    });
    runLoad();
    QCOMPARE(stops, 1);
    int intact = 0;
    for (const Download &download : m_downloads) {
        bool complete = false;
        QVERIFY2(checkBody(download, &complete), "a body is a prefix of its file");
        const Transfer *transfer = transferOf(download);
        if (transfer && transfer->state == Transfer::State::Completed) {
            QVERIFY(complete);
            ++intact;
        }
    }
    QVERIFY(intact >= 3);
}

void tst_Reentrancy::removeSharesFromShareChanged()
{
    // The small file's third completion removes it (while others still fetch it) and the big one.
    int removals = 0;
    connect(&m_server->shares, &ShareRegistry::shareChanged, this, [&](const QByteArray &token) {
        const Share *share = m_server->shares.find(token);
        if (token == m_small && share && share->completedDownloads >= 3) {
            ++removals;
            QVERIFY(m_server->shares.remove(m_small));
            QVERIFY(m_server->shares.remove(m_big));
        }
    });
    runLoad();
    QCOMPARE(removals, 1);
    QCOMPARE(m_server->shares.count(), 1);
    for (const Download &download : m_downloads) {
        bool complete = false;
        QVERIFY2(checkBody(download, &complete), "a body is a prefix of its file");
        const Transfer *transfer = transferOf(download);
        QVERIFY(transfer);
        if (download.token == m_other) {
            QVERIFY2(complete, "downloads of another share are not touched");
            QCOMPARE(int(transfer->state), int(Transfer::State::Completed));
            continue;
        }
        // A download that got its last byte is reported as completed, never as cancelled.
        QCOMPARE(transfer->state == Transfer::State::Completed, complete);
        if (!complete)
            QCOMPARE(int(transfer->state), int(Transfer::State::Cancelled));
    }
}

void tst_Reentrancy::removeShareFromTransferFinished()
{
    int removals = 0;
    connect(&m_server->transfers, &TransferTracker::transferFinished, this, [&](quint64 id) {
        const Transfer *transfer = m_server->transfers.find(id);
        if (transfer && transfer->shareToken == m_small && m_server->shares.find(m_big)) {
            ++removals;
            QVERIFY(m_server->shares.remove(m_big));
        }
    });
    runLoad();
    QCOMPARE(removals, 1);
    for (const Download &download : m_downloads) {
        bool complete = false;
        QVERIFY2(checkBody(download, &complete), "a body is a prefix of its file");
        const Transfer *transfer = transferOf(download);
        QVERIFY(transfer);
        QCOMPARE(transfer->state == Transfer::State::Completed, complete);
        if (download.token != m_big)
            QVERIFY2(complete, "downloads of other shares are not touched");
    }
}

void tst_Reentrancy::changeChunkSizeFromTransferFinished()
{
    int changes = 0;
    connect(&m_server->transfers, &TransferTracker::transferFinished, this, [&] {
        ++changes;
        m_server->server.setChunkSize(changes % 2 ? ServerSettings::minChunkSize : 3 * smallChunk);
    });
    runLoad();
    QCOMPARE(changes, clientCount);
    for (const Download &download : m_downloads) {
        bool complete = false;
        QVERIFY2(checkBody(download, &complete), "a body is a prefix of its file");
        QVERIFY2(complete, "every download is whole");
        const Transfer *transfer = transferOf(download);
        QVERIFY(transfer);
        QCOMPARE(int(transfer->state), int(Transfer::State::Completed));
    }
}

QTEST_GUILESS_MAIN(tst_Reentrancy)
#include "tst_reentrancy.moc"
