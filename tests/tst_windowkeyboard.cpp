#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QGroupBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QDropEvent>
#include <QScreen>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include "apptranslators.h"
#include "appsettings.h"
#include "dropzone.h"
#include "engine.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "passworddialog.h"
#include "sharerules.h"
#include "sharesettingsdialog.h"
#include "testserver.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

// Every mnemonic (Alt+letter) that `root`'s window answers, with the text that carries it:
// buttons, labels, group boxes and the menu bar's menus. Menus' own items are another scope.
QMultiMap<QString, QString> mnemonicsOf(QWidget *root)
{
    QMultiMap<QString, QString> found;
    const auto add = [&](const QString &text) {
        const QKeySequence key = QKeySequence::mnemonic(text);
        if (!key.isEmpty())
            found.insert(key.toString().toLower(), text);
    };
    for (auto *button : root->findChildren<QAbstractButton *>())
        add(button->text());
    for (auto *label : root->findChildren<QLabel *>())
        add(label->text());
    for (auto *group : root->findChildren<QGroupBox *>())
        add(group->title());
    for (auto *bar : root->findChildren<QMenuBar *>()) {
        for (QAction *menu : bar->actions())
            add(menu->text());
    }
    return found;
}

QString duplicatesIn(const QMultiMap<QString, QString> &mnemonics)
{
    QStringList problems;
    for (const QString &key : mnemonics.uniqueKeys()) {
        const QStringList texts = mnemonics.values(key);
        if (texts.size() > 1)
            problems.append(key + QStringLiteral(": ") + texts.join(QStringLiteral(" | ")));
    }
    return problems.join(u'\n');
}

} // namespace

// The window from the keyboard: each mnemonic once per window and dialog, Tab that moves between
// controls (never between cells, never changing a selection), and a width that no name widens.
class tst_WindowKeyboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void mnemonicsAreUniqueInEveryWindowAndDialog();
    void tabMovesBetweenControlsAndKeepsTheSelection();
    void longNamesNeverWidenTheWindow_data();
    void longNamesNeverWidenTheWindow();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
    QString writeFile(const QString &name, qint64 size);
    void drop(const QString &path);

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_WindowKeyboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_WindowKeyboard::init()
{
    m_engine = std::make_unique<Engine>();
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_settings->setPort(freePort());
    m_window = std::make_unique<MainWindow>(*m_engine, *m_settings);
    m_window->startServing();
}

void tst_WindowKeyboard::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
}

QString tst_WindowKeyboard::writeFile(const QString &name, qint64 size)
{
    const QString path = m_dir.filePath(name);
    TestServer::writeFile(path, TestServer::patternBytes(size, 3));
    return path;
}

void tst_WindowKeyboard::drop(const QString &path)
{
    auto *zone = m_window->findChild<DropZone *>(QStringLiteral("dropZone"));
    QVERIFY(zone);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint centre = zone->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &enter);
    QDropEvent event(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &event);
}

void tst_WindowKeyboard::mnemonicsAreUniqueInEveryWindowAndDialog()
{
    const QMultiMap<QString, QString> window = mnemonicsOf(m_window.get());
    QVERIFY2(window.size() >= 10, "the window's mnemonics were found");
    QVERIFY2(duplicatesIn(window).isEmpty(), qPrintable(duplicatesIn(window)));
    // Each menu is its own scope.
    for (auto *menu : m_window->findChildren<QMenu *>()) {
        QMultiMap<QString, QString> items;
        for (QAction *action : menu->actions()) {
            const QKeySequence key = QKeySequence::mnemonic(action->text());
            if (!key.isEmpty())
                items.insert(key.toString().toLower(), action->text());
        }
        QVERIFY2(duplicatesIn(items).isEmpty(), qPrintable(duplicatesIn(items)));
    }
    // The context menu of the shares list.
    QMultiMap<QString, QString> shareActions;
    for (QAction *action :
         m_window->findChild<QTableView *>(QStringLiteral("sharesView"))->actions())
        shareActions.insert(QKeySequence::mnemonic(action->text()).toString().toLower(),
                            action->text());
    QVERIFY2(duplicatesIn(shareActions).isEmpty(), qPrintable(duplicatesIn(shareActions)));
    // The transfers list's context menu.
    QMultiMap<QString, QString> transferActions;
    for (QAction *action :
         m_window->findChild<QWidget *>(QStringLiteral("transfersView"))->actions())
        transferActions.insert(QKeySequence::mnemonic(action->text()).toString().toLower(),
                               action->text());
    QVERIFY(transferActions.size() >= 5);
    QVERIFY2(duplicatesIn(transferActions).isEmpty(), qPrintable(duplicatesIn(transferActions)));
    for (const bool hasPassword : {false, true}) {
        PasswordDialog dialog(QStringLiteral("file.bin"), hasPassword);
        const QMultiMap<QString, QString> dialogKeys = mnemonicsOf(&dialog);
        QVERIFY(dialogKeys.size() >= 3);
        QVERIFY2(duplicatesIn(dialogKeys).isEmpty(), qPrintable(duplicatesIn(dialogKeys)));
    }
    // The limits dialog: without rules, with a cap and an expiry to come, and expired.
    QJsonObject capped;
    ShareRules::setMaxDownloads(capped, 3);
    ShareRules::setExpiresAt(capped, QDateTime::currentDateTimeUtc().addDays(1));
    QJsonObject expired;
    ShareRules::setExpiresAt(expired, QDateTime::currentDateTimeUtc().addDays(-1));
    for (const QJsonObject &policies : {QJsonObject(), capped, expired}) {
        ShareSettingsDialog dialog(QStringLiteral("file.bin"), policies, 2);
        const QMultiMap<QString, QString> dialogKeys = mnemonicsOf(&dialog);
        QVERIFY(dialogKeys.size() >= 4);
        QVERIFY2(duplicatesIn(dialogKeys).isEmpty(), qPrintable(duplicatesIn(dialogKeys)));
    }
}

void tst_WindowKeyboard::tabMovesBetweenControlsAndKeepsTheSelection()
{
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    drop(writeFile(QStringLiteral("first.bin"), 1000));
    drop(writeFile(QStringLiteral("second.bin"), 2000));
    auto *shares = m_window->findChild<QTableView *>(QStringLiteral("sharesView"));
    QVERIFY(shares);
    for (auto *view : m_window->findChildren<QAbstractItemView *>())
        QVERIFY2(!view->tabKeyNavigation(), qPrintable(view->objectName()));
    const QModelIndexList selectedBefore = shares->selectionModel()->selectedRows();
    QCOMPARE(selectedBefore.size(), 1);

    auto *first = m_window->findChild<QWidget *>(QStringLiteral("addFilesButton"));
    first->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), first);
    QStringList visited;
    for (int press = 0; press < 40; ++press) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus);
        if (focus == first)
            break;
        // A child of a compound control (the link list's rows) counts as the control.
        QWidget *named = focus;
        while (named && named->objectName().isEmpty())
            named = named->parentWidget();
        visited.append(named ? named->objectName() : QString());
    }
    for (const char *control :
         {"addFolderButton", "removeShareButton", "passwordButton", "limitsButton", "sharesView",
          "transfersView", "portSpin", "chunkSpin", "totalRateSpin", "clientRateSpin"}) {
        QVERIFY2(visited.contains(QLatin1String(control)),
                 qPrintable(QStringLiteral("%1 not reached by Tab: %2")
                                .arg(QLatin1String(control), visited.join(u','))));
    }
    QCOMPARE(visited.count(QStringLiteral("sharesView")), 1); // one stop, not one per cell
    QCOMPARE(shares->selectionModel()->selectedRows(), selectedBefore);
}

void tst_WindowKeyboard::longNamesNeverWidenTheWindow_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1024x600") << QSize(1024, 600);
}

void tst_WindowKeyboard::longNamesNeverWidenTheWindow()
{
    QFETCH(QSize, size);
    m_window->resize(size);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const int widthBefore = m_window->width();
    QVERIFY(widthBefore <= size.width());
    // 120 Cyrillic letters: its percent-encoded link is over 700 characters.
    const QString longName = QString(116, QChar(0x0424)) + QStringLiteral(".zip");
    drop(writeFile(longName, 4096));
    drop(writeFile(QStringLiteral("Фото отпуск ") + QString(100, QChar(0x0436))
                       + QStringLiteral(".jpg"),
                   100));
    QCOMPARE(m_engine->shares.count(), 2);
    // A refused drop names what it refused, in the drop zone: a long URL without spaces too.
    {
        auto *zone = m_window->findChild<DropZone *>(QStringLiteral("dropZone"));
        QMimeData mime;
        mime.setUrls({QUrl(QStringLiteral("https://example.invalid/") + QString(300, u'x'))});
        const QPoint centre = zone->rect().center();
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(zone, &enter);
        QDropEvent event(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(zone, &event);
        QCoreApplication::processEvents();
        QVERIFY2(m_window->width() <= widthBefore,
                 qPrintable(QStringLiteral("%1 px wide after a refused drop, was %2")
                                .arg(m_window->width())
                                .arg(widthBefore)));
    }
    auto *shares = m_window->findChild<QTableView *>(QStringLiteral("sharesView"));
    for (int row = 0; row < 2; ++row) {
        shares->selectRow(row);
        QCoreApplication::processEvents();
        QTest::qWait(50); // layouts settle
        QVERIFY2(m_window->width() <= widthBefore,
                 qPrintable(
                     QStringLiteral("%1 px wide, was %2").arg(m_window->width()).arg(widthBefore)));
        QVERIFY2(
            m_window->minimumSizeHint().width() <= size.width(),
            qPrintable(QStringLiteral("needs %1 px").arg(m_window->minimumSizeHint().width())));
    }
}

QTEST_MAIN(tst_WindowKeyboard)
#include "tst_windowkeyboard.moc"
