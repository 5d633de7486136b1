#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "httptestclient.h"
#include "instancechannel.h"
#include "sharerules.h"
#include "sharestatefile.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QString sluiceBinary = QStringLiteral(SLUICE_BINARY);

// Leaves a socket file that nobody listens on, as a killed window does.
bool makeStaleSocket(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(path);
    if (fd < 0 || size_t(encoded.size()) >= sizeof(address.sun_path))
        return false;
    std::copy(encoded.cbegin(), encoded.cend(), address.sun_path);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return bound && QFile::exists(path);
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

} // namespace

// Later starts hand their files to the window that runs, over a socket in the runtime folder.
class tst_InstanceChannel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void secondClaimFindsTheFirst();
    void staleSocketIsReplaced();
    void laterStartHandsFilesOverAndExits();
    void headlessServerIsSeparateAndSaysSo();
    void windowProcessesShareOneServer();
    void windowTakesRulesForItsFilesAndForHandedOverOnes();

private:
    QProcessEnvironment environment() const;
    QString socketPath() const { return m_runtime->filePath(QStringLiteral("sluice.socket")); }
    QProcess *startWindow(const QStringList &arguments);

    std::unique_ptr<QTemporaryDir> m_runtime;
    std::unique_ptr<QTemporaryDir> m_home;
    QList<QProcess *> m_windows;
};

void tst_InstanceChannel::init()
{
    m_runtime = std::make_unique<QTemporaryDir>();
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_runtime->isValid() && m_home->isValid());
}

void tst_InstanceChannel::cleanup()
{
    for (QProcess *window : std::as_const(m_windows)) {
        window->kill();
        window->waitForFinished();
        delete window;
    }
    m_windows.clear();
}

QProcessEnvironment tst_InstanceChannel::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime->path());
    environment.insert(QStringLiteral("HOME"), m_home->path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                       m_home->filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_ACTIVATION_TOKEN"), QStringLiteral("token-42"));
    return environment;
}

QProcess *tst_InstanceChannel::startWindow(const QStringList &arguments)
{
    auto *window = new QProcess;
    m_windows.append(window);
    window->setProcessEnvironment(environment());
    window->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    window->start(sluiceBinary, arguments);
    return window;
}

void tst_InstanceChannel::secondClaimFindsTheFirst()
{
    InstanceChannel first(socketPath());
    QCOMPARE(first.claim(), InstanceChannel::Claim::Claimed);
    InstanceChannel second(socketPath());
    QCOMPARE(second.claim(), InstanceChannel::Claim::AnotherAnswers);
    QVERIFY(InstanceChannel::anotherAnswers(socketPath()));
}

void tst_InstanceChannel::staleSocketIsReplaced()
{
    QVERIFY(makeStaleSocket(socketPath()));
    QVERIFY(!InstanceChannel::anotherAnswers(socketPath()));
    InstanceChannel channel(socketPath());
    QCOMPARE(channel.claim(), InstanceChannel::Claim::Claimed);
    QVERIFY(InstanceChannel::anotherAnswers(socketPath()));
}

void tst_InstanceChannel::laterStartHandsFilesOverAndExits()
{
    InstanceChannel channel(socketPath());
    QCOMPARE(channel.claim(), InstanceChannel::Claim::Claimed);
    QSignalSpy handedOver(&channel, &InstanceChannel::filesHandedOver);
    QVERIFY(TestServer::writeFile(m_home->filePath(QStringLiteral("a.txt")), "a"));

    // A relative name from the later start's folder arrives as an absolute path.
    QProcess later;
    later.setProcessEnvironment(environment());
    later.setWorkingDirectory(m_home->path());
    later.start(sluiceBinary, {QStringLiteral("a.txt"), QStringLiteral("/tmp/b c.iso")});
    QVERIFY(handedOver.wait());
    // The event loop answers the later start, so wait while it runs.
    QTRY_COMPARE_WITH_TIMEOUT(later.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(later.exitStatus(), QProcess::NormalExit);
    QCOMPARE(later.exitCode(), 0);
    QCOMPARE(
        handedOver.first().at(0).toStringList(),
        QStringList({m_home->filePath(QStringLiteral("a.txt")), QStringLiteral("/tmp/b c.iso")}));
    QCOMPARE(handedOver.first().at(1).toByteArray(), QByteArray("token-42"));
}

void tst_InstanceChannel::headlessServerIsSeparateAndSaysSo()
{
    InstanceChannel channel(socketPath());
    QCOMPARE(channel.claim(), InstanceChannel::Claim::Claimed);
    QSignalSpy handedOver(&channel, &InstanceChannel::filesHandedOver);
    const QString blob = m_home->filePath(QStringLiteral("blob.bin"));
    QVERIFY(TestServer::writeFile(blob, "blob"));

    QProcess headless;
    headless.setProcessEnvironment(environment());
    headless.start(sluiceBinary,
                   {QStringLiteral("--headless"), QStringLiteral("--blob"), blob,
                    QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                    QStringLiteral("127.0.0.1")});
    QVERIFY(waitUntil([&] { return headless.canReadLine(); }));
    QVERIFY2(headless.readLine().startsWith("http://127.0.0.1:"), "a headless server serves");
    QByteArray errors;
    QVERIFY(waitUntil([&] {
        errors += headless.readAllStandardError();
        return errors.contains("separate");
    }));
    QCOMPARE(handedOver.count(), 0);
    headless.terminate();
    QVERIFY(headless.waitForFinished(10'000));
}

void tst_InstanceChannel::windowProcessesShareOneServer()
{
    const quint16 port = freeLoopbackPort();
    QVERIFY(port != 0);
    const QStringList windowArguments
        = {QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"),
           QStringLiteral("127.0.0.1"), QStringLiteral("--index")};
    // A window that was killed leaves its socket behind; the next window replaces it.
    QProcess *crashed = startWindow(windowArguments);
    QVERIFY(crashed->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(InstanceChannel::anotherAnswers(socketPath()), 15'000);
    crashed->kill();
    QVERIFY(crashed->waitForFinished());
    QVERIFY(QFile::exists(socketPath()));
    QVERIFY(!InstanceChannel::anotherAnswers(socketPath()));

    QProcess *window = startWindow(windowArguments);
    QVERIFY(window->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(InstanceChannel::anotherAnswers(socketPath()), 15'000);

    const QString file = m_home->filePath(QStringLiteral("handed over.txt"));
    QVERIFY(TestServer::writeFile(file, "handed over"));
    // A folder handed over (as Open with does) becomes its archive in the same window.
    const QString folder = m_home->filePath(QStringLiteral("handed folder"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/inside.txt"), "inside"));
    QProcess later;
    later.setProcessEnvironment(environment());
    later.start(sluiceBinary, {file, folder});
    QVERIFY(later.waitForFinished(15'000));
    QCOMPARE(later.exitStatus(), QProcess::NormalExit);
    QCOMPARE(later.exitCode(), 0);

    // The running window serves the file on its own port: no second server was started.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            RawClient client(port);
            const ParsedResponse index
                = client.request("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            // The index links to each share's page, named by the file's name.
            return index.status == 200 && index.body.contains(">handed over.txt</a>")
                && index.body.contains(">handed folder.zip</a>");
        }(),
        15'000);
    QCOMPARE(window->state(), QProcess::Running);
}

void tst_InstanceChannel::windowTakesRulesForItsFilesAndForHandedOverOnes()
{
    const quint16 port = freeLoopbackPort();
    QVERIFY(port != 0);
    const QString capped = m_home->filePath(QStringLiteral("capped.txt"));
    const QString expiring = m_home->filePath(QStringLiteral("expiring.txt"));
    QVERIFY(TestServer::writeFile(capped, QByteArray(50'000, 'c')));
    QVERIFY(TestServer::writeFile(expiring, "expiring"));
    // --max-downloads with a window: it applies to the window's own files...
    QProcess *window
        = startWindow({QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"),
                       QStringLiteral("127.0.0.1"), QStringLiteral("--max-downloads"),
                       QStringLiteral("1"), capped});
    QVERIFY(window->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(InstanceChannel::anotherAnswers(socketPath()), 15'000);
    // ...and --expires to the files a later start hands over.
    QProcess later;
    later.setProcessEnvironment(environment());
    later.start(sluiceBinary, {QStringLiteral("--expires"), QStringLiteral("2h"), expiring});
    QVERIFY(later.waitForFinished(15'000));
    QCOMPARE(later.exitCode(), 0);

    // The window saves its shares with their rules shortly after a change.
    const ShareStateFile state(m_home->filePath(QStringLiteral("data/Sluice/sluice/shares.json")));
    QList<SavedShare> saved;
    QTRY_VERIFY_WITH_TIMEOUT((saved = state.load().shares).size() == 2
                                 && saved[1].policies.contains(QStringLiteral("expiresAt")),
                             15'000);
    QCOMPARE(saved[0].path, capped);
    QCOMPARE(ShareRules::maxDownloads(saved[0].policies), 1);
    QVERIFY(!ShareRules::expiresAt(saved[0].policies).isValid());
    QCOMPARE(saved[1].path, expiring);
    QCOMPARE(ShareRules::maxDownloads(saved[1].policies), 0);
    const qint64 expiresIn
        = QDateTime::currentDateTimeUtc().secsTo(ShareRules::expiresAt(saved[1].policies));
    QVERIFY2(expiresIn > 7000 && expiresIn <= 7200, qPrintable(QString::number(expiresIn)));

    // The cap holds on the real server: one client gets the file, the next is turned away.
    const QByteArray link = '/' + saved[0].token + QByteArrayLiteral("/capped.txt");
    RawClient first(port);
    QCOMPARE(first.request(getRequest(link)).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            RawClient other(port, QHostAddress::LocalHost, 0,
                            QHostAddress(QStringLiteral("127.0.0.2")));
            return other.request(getRequest(link)).status == 410;
        }(),
        10'000);
    QCOMPARE(window->state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(tst_InstanceChannel)
#include "tst_instancechannel.moc"
