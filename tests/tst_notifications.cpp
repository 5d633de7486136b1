#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QApplication>
#include <QCheckBox>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "appsettings.h"
#include "descriptorexhaustion.h"
#include "desktopnotifications.h"
#include "engine.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "notificationcenter.h"
#include "sessionbus.h"
#include "sharespanel.h"
#include "testserver.h"
#include "toolrun.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QString serviceName = QStringLiteral("org.freedesktop.Notifications");
const QString servicePath = QStringLiteral("/org/freedesktop/Notifications");

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

// Long enough for anything held back by the one-a-second pacing to have gone out.
constexpr int settleMs = 2'500;

} // namespace

// A notification server as the desktop runs one: it records every Notify call that reaches it
// over the bus and can say that the user clicked a notification.
class NotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString icon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int timeout = 0;
        uint id = 0;
        qint64 receivedMs = 0;
    };
    QList<Call> calls;

    NotificationServer() { m_clock.start(); }

    void click(uint id, const QString &action = QStringLiteral("default"))
    {
        Q_EMIT ActionInvoked(id, action);
    }

public Q_SLOTS:
    Q_SCRIPTABLE uint Notify(const QString &appName, uint replacesId, const QString &icon,
                             const QString &summary, const QString &body,
                             const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        calls.append({appName, replacesId, icon, summary, body, actions, hints, timeout, m_nextId,
                      m_clock.elapsed()});
        return m_nextId++;
    }
    Q_SCRIPTABLE QStringList GetCapabilities()
    {
        return {QStringLiteral("actions"), QStringLiteral("body")};
    }
    Q_SCRIPTABLE void CloseNotification(uint id) { Q_EMIT NotificationClosed(id, 3); }

Q_SIGNALS:
    Q_SCRIPTABLE void NotificationClosed(uint id, uint reason);
    Q_SCRIPTABLE void ActionInvoked(uint id, const QString &actionKey);

private:
    QElapsedTimer m_clock;
    uint m_nextId = 1;
};

class tst_Notifications : public QObject
{
    Q_OBJECT
public:
    explicit tst_Notifications(PrivateSessionBus &bus)
        : m_bus(bus)
    {
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void segmentedDownloadNotifiesOnce();
    void cutAndResumedDownloadNotifiesOnce();
    void clickShowsTheTransfer();
    void burstIsSummarisedAtOneASecond();
    void outOfDescriptorsNotifiesOnce();
    void portLostNotifies();
    void completionsCanBeTurnedOff();
    void serviceLeavingIsNoticed();

private:
    QString writeFile(const QString &name, qint64 size);
    QString url(const QByteArray &token) const;
    // Completed downloads the notifications announced, summaries counted by their number.
    int announcedDownloads() const;

    PrivateSessionBus &m_bus;
    QTemporaryDir m_dir;
    std::unique_ptr<QDBusConnection> m_serverBus;
    std::unique_ptr<NotificationServer> m_server;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_Notifications::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_bus.isValid(), qPrintable(m_bus.errorString()));
    // The server has a connection of its own: the window's calls travel through the daemon.
    m_serverBus = std::make_unique<QDBusConnection>(
        QDBusConnection::connectToBus(m_bus.address(), QStringLiteral("notification-server")));
    QVERIFY2(m_serverBus->isConnected(), qPrintable(m_serverBus->lastError().message()));
    m_server = std::make_unique<NotificationServer>();
    QVERIFY(m_serverBus->registerObject(servicePath, m_server.get(),
                                        QDBusConnection::ExportScriptableContents));
    QVERIFY(m_serverBus->registerService(serviceName));
}

void tst_Notifications::init()
{
    m_server->calls.clear();
    m_engine = std::make_unique<Engine>();
    m_engine->transfers.setProgressInterval(std::chrono::milliseconds(50));
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_settings->setPort(freePort());
    m_settings->setNotifyOnCompletion(true);
    m_window = std::make_unique<MainWindow>(*m_engine, *m_settings);
    m_window->transferModel().setRefreshInterval(std::chrono::milliseconds(50));
    m_window->startServing();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_engine->server.isListening(), qPrintable(m_engine->server.errorString()));
    QTRY_VERIFY2(m_window->notifications()->desktop().isAvailable(),
                 "the window finds the notification server on the bus");
}

void tst_Notifications::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
}

QString tst_Notifications::writeFile(const QString &name, qint64 size)
{
    const QString path = m_dir.filePath(name);
    TestServer::writeFile(path, TestServer::patternBytes(size, quint32(size)));
    return path;
}

QString tst_Notifications::url(const QByteArray &token) const
{
    return QStringLiteral("http://127.0.0.1:%1%2")
        .arg(m_engine->server.port())
        .arg(QString::fromLatin1(m_engine->shares.find(token)->linkPath()));
}

int tst_Notifications::announcedDownloads() const
{
    static const QRegularExpression summary(QStringLiteral("^(\\d+) downloads completed$"));
    int downloads = 0;
    for (const NotificationServer::Call &call : m_server->calls) {
        if (call.summary == QStringLiteral("Download complete"))
            ++downloads;
        else if (const QRegularExpressionMatch match = summary.match(call.summary);
                 match.hasMatch())
            downloads += match.captured(1).toInt();
    }
    return downloads;
}

void tst_Notifications::segmentedDownloadNotifiesOnce()
{
    if (tool("aria2c").isEmpty())
        QSKIP("aria2c is not installed (Debian: aria2)");
    const QString path = writeFile(QStringLiteral("film.bin"), 24 * 1024 * 1024);
    const QByteArray token = m_window->addFiles({path}).value(0);
    QVERIFY(!token.isEmpty());
    const ToolResult result
        = runTool(tool("aria2c"),
                  {QStringLiteral("-q"), QStringLiteral("-x8"), QStringLiteral("-s8"),
                   QStringLiteral("--min-split-size=1M"), QStringLiteral("--allow-overwrite=true"),
                   QStringLiteral("-d"), m_dir.filePath(QStringLiteral("out")),
                   QStringLiteral("-o"), QStringLiteral("film.bin"), url(token)});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QCOMPARE(TestServer::contentOf(m_dir.filePath(QStringLiteral("out/film.bin"))),
             TestServer::contentOf(path));
    int ranged = 0;
    for (const Transfer &transfer : m_engine->transfers.transfers())
        ranged += transfer.range.isEmpty() ? 0 : 1;
    QVERIFY2(ranged >= 4, "aria2c did not download in segments");

    QTRY_COMPARE(m_server->calls.size(), 1);
    QTest::qWait(settleMs); // nothing more may follow: the segments are one download
    QCOMPARE(m_server->calls.size(), 1);
    const NotificationServer::Call &call = m_server->calls.constFirst();
    QCOMPARE(call.appName, QStringLiteral("Sluice"));
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.icon, QStringLiteral("sluice"));
    QCOMPARE(call.summary, QStringLiteral("Download complete"));
    QVERIFY2(call.body.contains(QStringLiteral("film.bin"))
                 && call.body.contains(QStringLiteral("127.0.0.1")),
             qPrintable(call.body));
    QCOMPARE(call.actions.size(), 2);
    QCOMPARE(call.actions.constFirst(), QStringLiteral("default"));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
             QStringLiteral("sluice"));
    QCOMPARE(call.hints.value(QStringLiteral("category")).toString(),
             QStringLiteral("transfer.complete"));
    QCOMPARE(call.timeout, -1);
}

void tst_Notifications::cutAndResumedDownloadNotifiesOnce()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    const qint64 size = 24 * 1024 * 1024;
    const QString path = writeFile(QStringLiteral("cut.bin"), size);
    const QByteArray token = m_window->addFiles({path}).value(0);
    const QString target = m_dir.filePath(QStringLiteral("cut-copy.bin"));
    QFile::remove(target);

    // Cut: curl killed part-way, as a dropped Wi-Fi or a closed laptop would.
    QProcess first;
    first.start(tool("curl"),
                {QStringLiteral("-sS"), QStringLiteral("--limit-rate"), QStringLiteral("4M"),
                 QStringLiteral("-o"), target, url(token)});
    QVERIFY(first.waitForStarted());
    QVERIFY(waitUntil([&] { return QFileInfo(target).size() >= 4 * 1024 * 1024; }, 30'000));
    first.kill();
    first.waitForFinished();
    QTRY_COMPARE(m_engine->transfers.activeCount(), 0);
    QVERIFY(QFileInfo(target).size() < size);
    QCOMPARE(m_server->calls.size(), 0);

    // Resumed where the file ends.
    const ToolResult resumed
        = runTool(tool("curl"),
                  {QStringLiteral("-sS"), QStringLiteral("-C"), QStringLiteral("-"),
                   QStringLiteral("-o"), target, url(token)});
    QVERIFY2(resumed.exitCode == 0, resumed.output.constData());
    QCOMPARE(TestServer::contentOf(target), TestServer::contentOf(path));
    QVERIFY(!m_engine->transfers.transfers().constLast().range.isEmpty());

    QTRY_COMPARE(m_server->calls.size(), 1);
    QTest::qWait(settleMs);
    QCOMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.constFirst().summary, QStringLiteral("Download complete"));
}

void tst_Notifications::clickShowsTheTransfer()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    const QString other = writeFile(QStringLiteral("other.bin"), 64 * 1024);
    const QString path = writeFile(QStringLiteral("clicked.bin"), 256 * 1024);
    const QList<QByteArray> tokens = m_window->addFiles({path, other});
    QCOMPARE(tokens.size(), 2);
    const ToolResult result = runTool(tool("curl"),
                                      {QStringLiteral("-sS"), QStringLiteral("-o"),
                                       m_dir.filePath(QStringLiteral("c.bin")), url(tokens[0])});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QTRY_COMPARE(m_server->calls.size(), 1);
    const uint id = m_server->calls.constFirst().id;

    auto *view = m_window->findChild<QAbstractItemView *>(QStringLiteral("transfersView"));
    QTRY_COMPARE(view->model()->rowCount(), 1);
    view->clearSelection();
    m_window->hide();
    // Another application's notification with the same action is none of Sluice's business.
    m_server->click(id + 1000);
    m_server->click(id, QStringLiteral("other"));
    QTest::qWait(500);
    QVERIFY(!m_window->isVisible());

    m_server->click(id);
    QTRY_VERIFY(m_window->isVisible());
    QTRY_COMPARE(view->selectionModel()->selectedRows().size(), 1);
    const QModelIndex row = view->selectionModel()->selectedRows().constFirst();
    const quint64 transferId = row.data(TransferModel::TransferIdRole).toULongLong();
    const Transfer *transfer = m_engine->transfers.find(transferId);
    QVERIFY(transfer);
    QCOMPARE(transfer->shareToken, tokens[0]);
    QCOMPARE(view->currentIndex().row(), row.row());

    // Once the transfer is cleared from the list, the click shows its share.
    m_window->sharesPanel()->selectShare(tokens[1]);
    auto *clear = m_window->findChild<QPushButton *>(QStringLiteral("clearFinishedButton"));
    QTRY_VERIFY(clear->isEnabled());
    clear->click();
    QTRY_COMPARE(view->model()->rowCount(), 0);
    m_server->click(id);
    QTRY_COMPARE(m_window->sharesPanel()->currentShare(), tokens[0]);
}

void tst_Notifications::burstIsSummarisedAtOneASecond()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    const QString path = writeFile(QStringLiteral("small.bin"), 128 * 1024);
    const QByteArray token = m_window->addFiles({path}).value(0);
    // Twelve clients (twelve loopback addresses) at once.
    constexpr int clients = 12;
    std::vector<std::unique_ptr<QProcess>> curls;
    for (int i = 0; i < clients; ++i) {
        auto curl = std::make_unique<QProcess>();
        curl->start(tool("curl"),
                    {QStringLiteral("-sS"), QStringLiteral("--interface"),
                     QStringLiteral("127.0.0.%1").arg(i + 2), QStringLiteral("-o"),
                     m_dir.filePath(QStringLiteral("burst-%1.bin").arg(i)), url(token)});
        curls.push_back(std::move(curl));
    }
    for (auto &curl : curls) {
        QVERIFY(waitUntil([&] { return curl->state() == QProcess::NotRunning; }, 30'000));
        QCOMPARE(curl->exitCode(), 0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(announcedDownloads(), clients, 10'000);
    QTest::qWait(settleMs);
    QCOMPARE(announcedDownloads(), clients);
    const QList<NotificationServer::Call> calls = m_server->calls;
    QVERIFY2(calls.size() < clients, "the burst was summed up");
    QVERIFY(std::any_of(calls.cbegin(), calls.cend(), [](const NotificationServer::Call &call) {
        return call.summary.endsWith(QStringLiteral(" downloads completed"));
    }));
    // At most one a second (less a little for the trip through the bus).
    for (qsizetype i = 1; i < calls.size(); ++i)
        QVERIFY2(calls[i].receivedMs - calls[i - 1].receivedMs >= 900,
                 qPrintable(QStringLiteral("%1 ms between notifications %2 and %3")
                                .arg(calls[i].receivedMs - calls[i - 1].receivedMs)
                                .arg(i - 1)
                                .arg(i)));
}

void tst_Notifications::outOfDescriptorsNotifiesOnce()
{
    const quint16 port = m_engine->server.port();
    int client = -1;
    {
        DescriptorExhaustion exhaustion;
        QVERIFY(exhaustion.isExhausted());
        // The client takes the last descriptor: the server has none left to accept it with.
        QVERIFY(exhaustion.freeOne());
        client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(client >= 0);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(client, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        QTRY_VERIFY(m_engine->server.isAcceptingPaused());
        QTRY_COMPARE(m_server->calls.size(), 1);
        // Retried several times while still out of descriptors: still one notification.
        QTest::qWait(1'500);
    }
    QTRY_VERIFY(!m_engine->server.isAcceptingPaused());
    ::close(client);
    QTest::qWait(settleMs);
    QCOMPARE(m_server->calls.size(), 1);
    const NotificationServer::Call &call = m_server->calls.constFirst();
    QCOMPARE(call.summary, QStringLiteral("Sluice is not accepting new connections"));
    QVERIFY2(call.body.contains(QStringLiteral("out of file descriptors")), qPrintable(call.body));
    QCOMPARE(call.hints.value(QStringLiteral("category")).toString(),
             QStringLiteral("network.error"));
}

void tst_Notifications::portLostNotifies()
{
    const quint16 port = m_engine->server.port();
    auto *serve = m_window->findChild<QPushButton *>(QStringLiteral("serveButton"));
    serve->click();
    QVERIFY(!m_engine->server.isListening());
    // Another program takes the port while Sluice is stopped.
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::Any, port));
    serve->click();
    QVERIFY(!m_engine->server.isListening());
    QTRY_COMPARE(m_server->calls.size(), 1);
    QCOMPARE(m_server->calls.constFirst().summary, QStringLiteral("Sluice cannot serve"));
    QVERIFY2(m_server->calls.constFirst().body.contains(QStringLiteral("in use")),
             qPrintable(m_server->calls.constFirst().body));
}

void tst_Notifications::completionsCanBeTurnedOff()
{
    if (tool("curl").isEmpty())
        QSKIP("curl is not installed");
    auto *notify = m_window->findChild<QCheckBox *>(QStringLiteral("notifyCheck"));
    QVERIFY(notify->isEnabled());
    notify->setChecked(false);
    QVERIFY(!m_settings->notifyOnCompletion());
    const QString path = writeFile(QStringLiteral("quiet.bin"), 128 * 1024);
    const QByteArray token = m_window->addFiles({path}).value(0);
    const ToolResult result = runTool(tool("curl"),
                                      {QStringLiteral("-sS"), QStringLiteral("-o"),
                                       m_dir.filePath(QStringLiteral("q.bin")), url(token)});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QTRY_COMPARE(m_engine->shares.find(token)->completedDownloads, 1);
    QTest::qWait(settleMs);
    QCOMPARE(m_server->calls.size(), 0);

    // Back on: the next client's download is announced.
    notify->setChecked(true);
    const ToolResult again = runTool(tool("curl"),
                                     {QStringLiteral("-sS"), QStringLiteral("--interface"),
                                      QStringLiteral("127.0.0.2"), QStringLiteral("-o"),
                                      m_dir.filePath(QStringLiteral("q2.bin")), url(token)});
    QVERIFY2(again.exitCode == 0, again.output.constData());
    QTRY_COMPARE(m_server->calls.size(), 1);
}

void tst_Notifications::serviceLeavingIsNoticed()
{
    auto *notify = m_window->findChild<QCheckBox *>(QStringLiteral("notifyCheck"));
    QVERIFY(notify->isEnabled());
    QVERIFY(m_serverBus->unregisterService(serviceName));
    // No notification server and (offscreen) no tray: nothing could show one.
    QTRY_VERIFY(!m_window->notifications()->desktop().isAvailable());
    QVERIFY(!m_window->notifications()->canNotify());
    QTRY_VERIFY(!notify->isEnabled());
    QVERIFY(m_serverBus->registerService(serviceName));
    QTRY_VERIFY(m_window->notifications()->desktop().isAvailable());
    QTRY_VERIFY(notify->isEnabled());
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // Before anything in the process connects to the session bus.
    PrivateSessionBus bus;
    tst_Notifications test(bus);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_notifications.moc"
