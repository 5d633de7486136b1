#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include "appsettings.h"
#include "engine.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "sharerules.h"
#include "sharesettingsdialog.h"
#include "sharespanel.h"
#include "sharestatekeeper.h"
#include "testserver.h"
#include "toolrun.h"
#include "transferspanel.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

const QHostAddress second(QStringLiteral("127.0.0.2"));

// Runs `act` on the first modal dialog of type T that opens while `open` runs.
template<typename T>
bool whileDialogOpens(const std::function<void()> &open, const std::function<void(T *)> &act)
{
    bool seen = false;
    QTimer picker;
    picker.setInterval(50);
    QObject::connect(&picker, &QTimer::timeout, [&] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        picker.stop();
        seen = true;
        act(dialog);
    });
    picker.start();
    open(); // returns once the dialog is closed
    return seen;
}

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

void clickOk(ShareSettingsDialog *dialog)
{
    QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
}

} // namespace

// The limits in the window, on a real server with real downloads: the share settings dialog
// (expiry, download cap) applied live and kept with the share, the shares list's state, the
// transfers list's downloads with their requests, pause/resume and block/unblock, and the
// upload caps in the server panel.
class tst_WindowLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void capFromTheDialogAppliesLiveAndIsSaved();
    void pastTimeIsRefusedInlineAndAnExpiredShareIsRenewed();
    void pauseResumeBlockAndUnblockFromTheTransfersList();
    void aria2DownloadIsOneRowThatExpandsToItsRequests();
    void uploadCapsAreLiveInTheServerPanel();

private:
    QString writeFile(const QString &name, qint64 size)
    {
        const QString path = m_dir.filePath(name);
        TestServer::writeFile(path, TestServer::patternBytes(size, 5));
        return path;
    }
    QString statusOf(const QByteArray &token) const
    {
        ShareModel &model = m_window->shareModel();
        return model.index(model.rowOf(token), ShareModel::Status).data().toString();
    }
    int get(const QByteArray &token, const QHostAddress &from = QHostAddress::LocalHost)
    {
        RawClient client(m_engine->server.port(), QHostAddress::LocalHost, 0, from);
        return client.request(getRequest(m_engine->shares.find(token)->linkPath())).status;
    }
    QString statePath() const { return m_dir.filePath(QStringLiteral("state/shares.json")); }

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<ShareStateKeeper> m_keeper;
    std::unique_ptr<MainWindow> m_window;
};

void tst_WindowLimits::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_WindowLimits::init()
{
    m_engine = std::make_unique<Engine>();
    m_engine->transfers.setProgressInterval(std::chrono::milliseconds(50));
    m_keeper = std::make_unique<ShareStateKeeper>(m_engine->shares, ShareStateFile(statePath()));
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_settings->setPort(freePort());
    m_window = std::make_unique<MainWindow>(*m_engine, *m_settings);
    m_window->transferModel().setRefreshInterval(std::chrono::milliseconds(50));
    m_window->startServing();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_engine->server.isListening(), qPrintable(m_engine->server.errorString()));
}

void tst_WindowLimits::cleanup()
{
    m_window.reset();
    m_keeper.reset();
    m_engine.reset();
    m_settings.reset();
    QFile::remove(m_dir.filePath(QStringLiteral("settings.ini")));
    QFile::remove(statePath());
}

void tst_WindowLimits::capFromTheDialogAppliesLiveAndIsSaved()
{
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("once.bin"), 300 * 1024)}).value(0);
    QVERIFY(!token.isEmpty());
    auto *button = child<QPushButton>(m_window.get(), "limitsButton");
    QVERIFY(button && button->isEnabled());
    // The context menu of the shares list offers the same dialog.
    auto *action = child<QAction>(m_window.get(), "limitsAction");
    QVERIFY(action && child<QTableView>(m_window.get(), "sharesView")->actions().contains(action));

    QVERIFY(whileDialogOpens<ShareSettingsDialog>(
        [&] { button->click(); },
        [](ShareSettingsDialog *dialog) {
            child<QCheckBox>(dialog, "capCheck")->setChecked(true);
            child<QSpinBox>(dialog, "capSpin")->setValue(1);
            clickOk(dialog);
        }));
    QCOMPARE(ShareRules::maxDownloads(m_engine->shares.find(token)->policies), 1);
    QTRY_VERIFY2(statusOf(token).endsWith(QStringLiteral(", 0 of 1 downloads")),
                 qPrintable(statusOf(token)));

    // Live: the first client's download uses the only one, the list says so, the next is refused.
    QCOMPARE(get(token), 200);
    QTRY_VERIFY2(statusOf(token).endsWith(QStringLiteral(", 1 of 1 downloads")),
                 qPrintable(statusOf(token)));
    QCOMPARE(get(token, second), 410);

    // Kept with the share: the cap, and the client that started.
    m_keeper->saveNow();
    const QList<SavedShare> saved = ShareStateFile(statePath()).load().shares;
    QCOMPARE(saved.size(), 1);
    QCOMPARE(ShareRules::maxDownloads(saved[0].policies), 1);
    QVERIFY(saved[0].downloadClients.value(QByteArrayLiteral("address 127.0.0.1")).counted);

    // The dialog shows what is set, and lifting the cap lets the next client in at once.
    QVERIFY(whileDialogOpens<ShareSettingsDialog>(
        [&] { action->trigger(); },
        [](ShareSettingsDialog *dialog) {
            auto *cap = child<QCheckBox>(dialog, "capCheck");
            QVERIFY(cap->isChecked());
            QCOMPARE(child<QSpinBox>(dialog, "capSpin")->value(), 1);
            cap->setChecked(false);
            clickOk(dialog);
        }));
    QCOMPARE(ShareRules::maxDownloads(m_engine->shares.find(token)->policies), 0);
    QCOMPARE(get(token, second), 200);
    QTRY_COMPARE(statusOf(token), QStringLiteral("ready"));
}

void tst_WindowLimits::pastTimeIsRefusedInlineAndAnExpiredShareIsRenewed()
{
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("evening.bin"), 1000)}).value(0);
    auto *button = child<QPushButton>(m_window.get(), "limitsButton");

    // A time that has passed: an inline message, the dialog stays open, nothing changes.
    QVERIFY(whileDialogOpens<ShareSettingsDialog>(
        [&] { button->click(); },
        [](ShareSettingsDialog *dialog) {
            child<QRadioButton>(dialog, "atRadio")->setChecked(true);
            child<QDateTimeEdit>(dialog, "expiryEdit")
                ->setDateTime(QDateTime::currentDateTime().addSecs(-3600));
            clickOk(dialog);
            auto *error = child<QLabel>(dialog, "errorLabel");
            QVERIFY(dialog->isVisible());
            QVERIFY(error->isVisible());
            QVERIFY2(error->text().contains(QStringLiteral("future")), qPrintable(error->text()));
            dialog->reject();
        }));
    QVERIFY(!ShareRules::expiresAt(m_engine->shares.find(token)->policies).isValid());

    // After a duration: set from the dialog.
    QVERIFY(whileDialogOpens<ShareSettingsDialog>(
        [&] { button->click(); },
        [](ShareSettingsDialog *dialog) {
            child<QRadioButton>(dialog, "afterRadio")->setChecked(true);
            child<QSpinBox>(dialog, "durationSpin")->setValue(2);
            child<QComboBox>(dialog,
                             "durationUnitCombo")->setCurrentIndex(1); // hours
            clickOk(dialog);
        }));
    const qint64 inSeconds = QDateTime::currentDateTimeUtc().secsTo(
        ShareRules::expiresAt(m_engine->shares.find(token)->policies));
    QVERIFY2(inSeconds > 7100 && inSeconds <= 7200, qPrintable(QString::number(inSeconds)));

    // The time comes: the list says "expired" by itself and the links answer 410.
    QVERIFY(m_engine->shares.setExpiry(token, QDateTime::currentDateTimeUtc().addMSecs(300)));
    QTRY_COMPARE(statusOf(token), QStringLiteral("expired"));
    QCOMPARE(get(token), 410);

    // Renewing: the dialog says it expired and offers a time to come; OK renews it.
    QVERIFY(whileDialogOpens<ShareSettingsDialog>(
        [&] { button->click(); },
        [](ShareSettingsDialog *dialog) {
            const QString state = child<QLabel>(dialog, "expiryStateLabel")->text();
            QVERIFY2(state.contains(QStringLiteral("expired")), qPrintable(state));
            QVERIFY(child<QRadioButton>(dialog, "afterRadio")->isChecked());
            clickOk(dialog);
        }));
    QTRY_COMPARE(statusOf(token), QStringLiteral("ready"));
    QCOMPARE(get(token), 200);
    m_keeper->saveNow();
    const QList<SavedShare> saved = ShareStateFile(statePath()).load().shares;
    QVERIFY(ShareRules::expiresAt(saved.value(0).policies) > QDateTime::currentDateTimeUtc());
}

void tst_WindowLimits::pauseResumeBlockAndUnblockFromTheTransfersList()
{
    const QByteArray big
        = m_window->addFiles({writeFile(QStringLiteral("big.bin"), 64 * 1024 * 1024)}).value(0);
    const QByteArray small
        = m_window->addFiles({writeFile(QStringLiteral("small.bin"), 1000)}).value(0);
    // A client that reads slowly (a small receive buffer), so its download keeps running.
    RawClient client(m_engine->server.port(), QHostAddress::LocalHost, 4096);
    client.send(getRequest(m_engine->shares.find(big)->linkPath()));
    auto *view = child<QTreeView>(m_window.get(), "transfersView");
    QTRY_COMPARE(view->model()->rowCount(), 1);
    const quint64 id = view->model()->index(0, 0).data(TransferModel::TransferIdRole).toULongLong();
    view->setFocus();
    view->selectionModel()->setCurrentIndex(view->model()->index(0, 0),
                                            QItemSelectionModel::ClearAndSelect
                                                | QItemSelectionModel::Rows);
    const auto stateText
        = [view] { return view->model()->index(0, TransferModel::State).data().toString(); };

    // Pause (button, or Ctrl+P in the list), then resume.
    auto *pause = child<QPushButton>(m_window.get(), "pauseButton");
    QVERIFY(pause->isEnabled());
    QCOMPARE(pause->text(), QStringLiteral("Pause"));
    QTest::keyClick(view, Qt::Key_P, Qt::ControlModifier);
    QTRY_VERIFY(m_engine->transfers.find(id)->paused);
    QTRY_COMPARE(stateText(), QStringLiteral("paused"));
    QCOMPARE(pause->text(), QStringLiteral("Resume"));
    QCOMPARE(child<QAction>(m_window.get(), "pauseTransferAction")->text(),
             QStringLiteral("&Resume"));
    pause->click();
    QTRY_VERIFY(!m_engine->transfers.find(id)->paused);
    QTRY_VERIFY(stateText() != QStringLiteral("paused"));
    QCOMPARE(pause->text(), QStringLiteral("Pause"));

    // Block: the connection is dropped, the row says "blocked", new requests get 403.
    auto *blocked = child<QPushButton>(m_window.get(), "blockedClientsButton");
    QVERIFY(!blocked->isEnabled());
    auto *block = child<QPushButton>(m_window.get(), "blockButton");
    QVERIFY(block->isEnabled());
    block->click();
    QVERIFY(m_engine->server.isBlocked(QHostAddress::LocalHost));
    QVERIFY(waitUntil([&] {
        client.readPending();
        return client.isDisconnected();
    }));
    QTRY_COMPARE(stateText(), QStringLiteral("blocked"));
    QCOMPARE(get(small), 403);
    QCOMPARE(get(small, second), 200); // another address is not affected
    QVERIFY(!block->isEnabled()); // already blocked
    QVERIFY(child<QAction>(m_window.get(), "unblockClientAction")->isEnabled());

    // The blocked clients are listed, each with its Unblock.
    QVERIFY(blocked->isEnabled());
    QVERIFY2(blocked->text().contains(QStringLiteral("(1)")), qPrintable(blocked->text()));
    QMenu *menu = blocked->menu();
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 1);
    QCOMPARE(menu->actions().constFirst()->text(), QStringLiteral("Unblock 127.0.0.1"));
    menu->actions().constFirst()->trigger();
    QVERIFY(!m_engine->server.isBlocked(QHostAddress::LocalHost));
    QCOMPARE(get(small), 200);
    QVERIFY(!blocked->isEnabled());
}

void tst_WindowLimits::aria2DownloadIsOneRowThatExpandsToItsRequests()
{
    const QString aria2 = QStandardPaths::findExecutable(QStringLiteral("aria2c"));
    if (aria2.isEmpty())
        QSKIP("aria2c is not installed");
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("film.bin"), 24 * 1024 * 1024)}).value(0);
    auto *view = child<QTreeView>(m_window.get(), "transfersView");
    QAbstractItemModelTester tester(view->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTemporaryDir target;
    const ToolResult result
        = runTool(aria2,
                  {QStringLiteral("-q"), QStringLiteral("-x8"), QStringLiteral("-s8"),
                   QStringLiteral("--min-split-size=1M"), QStringLiteral("-d"), target.path(),
                   QStringLiteral("-o"), QStringLiteral("film.bin"),
                   QStringLiteral("http://127.0.0.1:%1%2")
                       .arg(m_engine->server.port())
                       .arg(QString::fromLatin1(m_engine->shares.find(token)->linkPath()))});
    QVERIFY2(result.exitCode == 0, result.output.constData());
    QTRY_COMPARE(m_engine->transfers.activeCount(), 0);
    const int requests = int(m_engine->transfers.ids().size());
    QVERIFY2(requests >= 8, qPrintable(QString::number(requests)));

    // One row: the download, complete over the whole file, expanding to its requests.
    QAbstractItemModel *model = view->model();
    QTRY_COMPARE(model->rowCount(model->index(0, 0)), requests);
    QCOMPARE(model->rowCount(), 1);
    QTRY_COMPARE(model->index(0, TransferModel::State).data().toString(),
                 QStringLiteral("completed"));
    QCOMPARE(model->index(0, TransferModel::Progress).data().toString(),
             QLocale().toString(100.0, 'f', 1) + QStringLiteral(" %"));
    QCOMPARE(model->index(0, TransferModel::Transferred).data().toString(),
             QStringLiteral("24.0 of 24.0 MiB"));
    QCOMPARE(model->index(0, TransferModel::Range).data().toString(),
             QStringLiteral("%1 requests").arg(requests));
    const QModelIndex download = model->index(0, 0);
    QVERIFY(!view->isExpanded(download));
    view->setFocus();
    view->setCurrentIndex(download);
    QTest::keyClick(view, Qt::Key_Right); // expands from the keyboard
    QVERIFY(view->isExpanded(download));
    int ranged = 0;
    for (int row = 0; row < requests; ++row)
        ranged += model->index(row, TransferModel::Range, download)
                      .data()
                      .toString()
                      .startsWith(QStringLiteral("bytes "));
    QVERIFY2(ranged >= 7, qPrintable(QString::number(ranged)));
}

void tst_WindowLimits::uploadCapsAreLiveInTheServerPanel()
{
    auto *total = child<QSpinBox>(m_window.get(), "totalRateSpin");
    auto *totalUnit = child<QComboBox>(m_window.get(), "totalRateUnitCombo");
    auto *client = child<QSpinBox>(m_window.get(), "clientRateSpin");
    QVERIFY(total && totalUnit && client);
    QCOMPARE(total->value(), 0); // no cap
    QCOMPARE(total->text(), QStringLiteral("no cap"));
    totalUnit->setCurrentIndex(1); // MiB/s
    total->setValue(20);
    QCOMPARE(m_engine->server.rateLimits().totalRate, 20 * 1024 * 1024);
    client->setValue(512); // KiB/s
    QCOMPARE(m_engine->server.rateLimits().clientRate, 512 * 1024);
    // Remembered for the next start.
    QCOMPARE(m_settings->totalRate(), 20 * 1024 * 1024);
    QCOMPARE(m_settings->clientRate(), 512 * 1024);

    // A capped download is held to the cap: 1 MiB at 512 KiB/s takes about two seconds.
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("capped.bin"), 1024 * 1024)}).value(0);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(get(token), 200);
    QVERIFY2(timer.elapsed() > 1'500, qPrintable(QString::number(timer.elapsed())));
    client->setValue(0);
    QCOMPARE(m_engine->server.rateLimits().clientRate, 0);

    // Changes made elsewhere (the command line) show in the panel.
    RateLimits limits = m_engine->server.rateLimits();
    limits.totalRate = 3 * 1024 * 1024;
    m_engine->server.setRateLimits(limits);
    QCOMPARE(total->value(), 3);
    QCOMPARE(totalUnit->currentIndex(), 1);
}

QTEST_MAIN(tst_WindowLimits)
#include "tst_windowlimits.moc"
