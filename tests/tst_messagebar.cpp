#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <private/qguiapplication_p.h>
#include <qpa/qplatformaccessibility.h>
#include <qpa/qplatformintegration.h>

#include "appsettings.h"
#include "descriptorexhaustion.h"
#include "engine.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "netnamespace.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

QString namespaceProblem;

// Alerts raised for assistive technology, by the object that raised them.
QList<QObject *> alerts;

void recordAlert(QAccessibleEvent *event)
{
    if (event->type() == QAccessible::Alert)
        alerts.append(event->object());
}

} // namespace

// Problems that last show in a bar above the lists until they clear, each driven for real: a
// port another program holds, a process out of descriptors, an address the machine lost.
class tst_MessageBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void isAnAlertForAssistiveTechnology();
    void portInUseShowsUntilAnotherPortIsUsed();
    void acceptingPausedShowsUntilDescriptorsFreeUp();
    void lostAddressShowsUntilItComesBack();

private:
    void openWindow();
    MessageBar *bar() const { return m_window->messageBar(); }

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MessageBar::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // As with a screen reader running: accessibility on (as Qt's own accessibility tests turn
    // it on), and the events the bar raises recorded.
    QPlatformAccessibility *accessibility
        = QGuiApplicationPrivate::platformIntegration()->accessibility();
    QVERIFY2(accessibility, "the platform offers no accessibility");
    QAccessible::installUpdateHandler(recordAlert);
    accessibility->setActive(true);
    QVERIFY(QAccessible::isActive());
    if (namespaceProblem.isEmpty()) {
        // A namespace of our own starts with loopback down.
        QString error;
        QVERIFY2(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"),
                        QStringLiteral("up")},
                       &error),
                 qPrintable(error));
    }
}

void tst_MessageBar::init()
{
    alerts.clear();
    m_engine = std::make_unique<Engine>();
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_settings->setPort(freePort());
}

void tst_MessageBar::openWindow()
{
    m_window = std::make_unique<MainWindow>(*m_engine, *m_settings);
    m_window->startServing();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_engine->server.isListening(), qPrintable(m_engine->server.errorString()));
    QVERIFY(!bar()->isVisible());
}

void tst_MessageBar::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
}

void tst_MessageBar::isAnAlertForAssistiveTechnology()
{
    openWindow();
    QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(bar());
    QVERIFY(accessible);
    QCOMPARE(accessible->role(), QAccessible::AlertMessage);
    QCOMPARE(accessible->text(QAccessible::Name), QStringLiteral("Problems"));
}

void tst_MessageBar::portInUseShowsUntilAnotherPortIsUsed()
{
    openWindow();
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::AnyIPv4, 0));
    auto *portSpin = m_window->findChild<QSpinBox *>(QStringLiteral("portSpin"));
    portSpin->setValue(occupant.serverPort());
    m_window->startServing();
    QVERIFY(bar()->isVisible());
    QVERIFY2(bar()->text().contains(QStringLiteral("Port %1 is in use").arg(occupant.serverPort())),
             qPrintable(bar()->text()));
    QVERIFY(bar()->hasCondition(MessageBar::Condition::PortInUse));
    QCOMPARE(alerts.count(bar()), 1);
    QCOMPARE(bar()->accessibleDescription(), bar()->text());
    // Above the lists.
    auto *lists = m_window->findChild<QWidget *>(QStringLiteral("mainSplitter"));
    QVERIFY(lists);
    QTRY_VERIFY2(bar()->geometry().bottom() < lists->geometry().top(),
                 qPrintable(QStringLiteral("bar bottom %1, lists top %2")
                                .arg(bar()->geometry().bottom())
                                .arg(lists->geometry().top())));

    // Trying the same port again says nothing new.
    m_window->startServing();
    QCOMPARE(alerts.count(bar()), 1);

    auto *usePort = m_window->findChild<QPushButton *>(QStringLiteral("usePortButton"));
    usePort->click();
    QVERIFY(m_engine->server.isListening());
    QVERIFY(m_engine->server.port() != occupant.serverPort());
    QVERIFY(!bar()->isVisible());
}

void tst_MessageBar::acceptingPausedShowsUntilDescriptorsFreeUp()
{
    openWindow();
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
        QTRY_VERIFY(bar()->isVisible());
        QVERIFY2(bar()->text().contains(QStringLiteral("out of file descriptors")),
                 qPrintable(bar()->text()));
        QCOMPARE(alerts.count(bar()), 1);
        // It stays while the retries still fail, not for a few seconds like a status message.
        QTest::qWait(1'000);
        QVERIFY(bar()->isVisible());
    }
    QTRY_VERIFY(!bar()->isVisible());
    QVERIFY(!m_engine->server.isAcceptingPaused());
    ::close(client);
    QCOMPARE(alerts.count(bar()), 1);
}

void tst_MessageBar::lostAddressShowsUntilItComesBack()
{
    if (!namespaceProblem.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no network namespace of our own: ") + namespaceProblem));
    QString error;
    if (runIp({QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("sluice0"),
               QStringLiteral("type"), QStringLiteral("dummy")},
              &error)) {
        QVERIFY(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("sluice0"),
                       QStringLiteral("up")}));
    } else {
        // No dummy module: a veth pair, both ends up so the link is running.
        QVERIFY2(runIp({QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("sluice0"),
                        QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
                        QStringLiteral("name"), QStringLiteral("sluice1")},
                       &error),
                 qPrintable(error));
        QVERIFY(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("sluice1"),
                       QStringLiteral("up")}));
        QVERIFY(runIp({QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("sluice0"),
                       QStringLiteral("up")}));
    }
    const QStringList address {QStringLiteral("10.77.0.1/24"), QStringLiteral("dev"),
                               QStringLiteral("sluice0")};
    QVERIFY(runIp(QStringList {QStringLiteral("addr"), QStringLiteral("add")} + address, &error));
    // The address is among the choices when the window opens; the user picks it.
    openWindow();
    auto *bind = m_window->findChild<QComboBox *>(QStringLiteral("bindCombo"));
    const int index = bind->findData(QStringLiteral("10.77.0.1"));
    QVERIFY(index > 0);
    bind->setCurrentIndex(index);
    m_window->startServing();
    QCOMPARE(m_engine->server.listeningAddresses(),
             QList<QHostAddress> {QHostAddress(QStringLiteral("10.77.0.1"))});
    QVERIFY(!bar()->isVisible());

    // The network changes under it (a Wi-Fi roam, a DHCP lease that ended).
    QVERIFY(runIp(QStringList {QStringLiteral("addr"), QStringLiteral("del")} + address, &error));
    QTRY_VERIFY_WITH_TIMEOUT(bar()->isVisible(), 10'000);
    QVERIFY2(bar()->text().contains(QStringLiteral("10.77.0.1 is no longer an address")),
             qPrintable(bar()->text()));
    QCOMPARE(alerts.count(bar()), 1);

    // It comes back: nothing to do any more.
    QVERIFY(runIp(QStringList {QStringLiteral("addr"), QStringLiteral("add")} + address, &error));
    QTRY_VERIFY_WITH_TIMEOUT(!bar()->isVisible(), 10'000);
    runIp({QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("sluice0")});
}

int main(int argc, char **argv)
{
    namespaceProblem = enterPrivateNetworkNamespace(); // before QApplication starts threads
    // No desktop notification server here: the window falls back without waiting for one.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sluice-test-bus");
    QApplication app(argc, argv);
    tst_MessageBar test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_messagebar.moc"
