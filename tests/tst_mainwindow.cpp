#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDialogButtonBox>
#include <QDropEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <cmath>
#include <QStandardItemModel>
#include <QPainter>
#include <QLineEdit>
#include <QRegularExpression>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QCheckBox>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QScopeGuard>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include "apptranslators.h"
#include "appsettings.h"
#include "chunkchangeprobe.h"
#include "dropzone.h"
#include "engine.h"
#include "httptestclient.h"
#include "linklist.h"
#include "linkspanel.h"
#include "passworddialog.h"
#include "elidedlabel.h"
#include "mainwindow.h"
#include "servedlinks.h"
#include "qrcodewidget.h"
#include "testserver.h"
#include "transfermodel.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

QString loopbackLink(const LinkList *links)
{
    for (const LinkList::Link &link : links->links()) {
        if (link.url.startsWith(QStringLiteral("http://127.0.0.1:")))
            return link.url;
    }
    return {};
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dropSharesTheFileAndItsLinkServesIt();
    void droppedFolderIsSharedAsArchive();
    void addFolderButtonSharesTheChosenFolder();
    void passwordDialogLocksTheShareAndTicketLinksOpenIt();
    void linksPanelSaysWhyThereIsNoLink();
    void sharesCommandsActOnTheSelection();
    void promptsDefaultToTheSafeButton();
    void remoteUrlsAreRefused();
    void chunkSizeControlDrivesTheEngine();
    void cancelFromTheViewEndsTheConnection();
    void everyWayToQuitAsksWhileDownloadsRun();
    void qrCodeDecodesToTheLink();
    void portInUseIsReportedWithAFreePort();
    void busyPortWhileServingKeepsTheDownload();
    void portChangeMovesTheServerAndKeepsTheDownload();
    void movingTheServerAsksWhileDownloadsRun();
    void progressTextIsReadableOverTheBar();
    void descriptiveLabelsAreEnabled();
    void newTransfersScrollIntoViewOnlyFromTheBottom();

private:
    // As the application has them: English plural forms ("1 file", "2 files").
    const Sluice::AppTranslators m_translators {QLocale(QLocale::English)};
    void dropUrls(const QList<QUrl> &urls, bool *dropAccepted = nullptr);
    QString writeFile(const QString &name, qint64 size);

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_MainWindow::init()
{
    m_engine = std::make_unique<Engine>();
    m_engine->transfers.setProgressInterval(std::chrono::milliseconds(50));
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_settings->setPort(freePort());
    m_settings->setChunkSize(64 * 1024);
    m_window = std::make_unique<MainWindow>(*m_engine, *m_settings);
    m_window->transferModel().setRefreshInterval(std::chrono::milliseconds(50));
    m_window->startServing();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_engine->server.isListening(), qPrintable(m_engine->server.errorString()));
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
}

QString tst_MainWindow::writeFile(const QString &name, qint64 size)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(TestServer::patternBytes(size, quint32(size)));
    return path;
}

void tst_MainWindow::dropUrls(const QList<QUrl> &urls, bool *dropAccepted)
{
    auto *zone = m_window->findChild<DropZone *>(QStringLiteral("dropZone"));
    QVERIFY(zone);
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint centre = zone->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &enter);
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(zone, &drop);
    if (dropAccepted)
        *dropAccepted = enter.isAccepted() && drop.isAccepted();
}

void tst_MainWindow::dropSharesTheFileAndItsLinkServesIt()
{
    const QString path = writeFile(QStringLiteral("dropped file.bin"), 700 * 1024 + 3);
    bool accepted = false;
    dropUrls({QUrl::fromLocalFile(path)}, &accepted);
    QVERIFY(accepted);
    QCOMPARE(m_engine->shares.count(), 1);
    QCOMPARE(m_window->shareModel().rowCount(), 1);
    QCOMPARE(m_window->shareModel().index(0, ShareModel::Name).data().toString(),
             QStringLiteral("dropped file.bin"));

    const auto *links = m_window->findChild<LinkList *>(QStringLiteral("linkList"));
    const QString link = loopbackLink(links);
    QVERIFY2(!link.isEmpty(), "a loopback link is listed");
    QVERIFY(link.endsWith(QStringLiteral("/dropped%20file.bin")));
    // The best link went to the clipboard, and it is the first one listed.
    QCOMPARE(QGuiApplication::clipboard()->text(), links->links().first().url);

    // Fetched the way an application would: QNetworkAccessManager over loopback.
    QNetworkAccessManager manager;
    std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(QUrl(link))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(20'000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), TestServer::contentOf(path));
    QTRY_COMPARE(m_window->shareModel().index(0, ShareModel::Downloads).data().toInt(), 1);
}

void tst_MainWindow::droppedFolderIsSharedAsArchive()
{
    // A real folder dropped as a directory URL becomes one share, its ZIP archive, which
    // downloads and checks with unzip.
    const QString folder = m_dir.filePath(QStringLiteral("dropped folder"));
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/inner")));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/inner/a.bin"),
                                  TestServer::patternBytes(200 * 1024)));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/b.txt"), "hello"));
    bool accepted = false;
    dropUrls({QUrl::fromLocalFile(folder)}, &accepted);
    QVERIFY(accepted);
    QCOMPARE(m_engine->shares.count(), 1);
    const Share share = m_engine->shares.shares().constFirst();
    QCOMPARE(share.name, QStringLiteral("dropped folder.zip"));
    QVERIFY(m_window->shareModel()
                .index(0, ShareModel::Size)
                .data()
                .toString()
                .startsWith(QStringLiteral("2 files")));

    const QString link = QStringLiteral("http://127.0.0.1:%1%2")
                             .arg(m_engine->server.port())
                             .arg(QString::fromLatin1(share.linkPath()));
    QNetworkAccessManager manager;
    std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(QUrl(link))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(20'000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(),
             QStringLiteral("application/zip"));
    const QByteArray archive = reply->readAll();
    QCOMPARE(archive.size(), share.currentIdentity.size);
    const QString saved = m_dir.filePath(QStringLiteral("dropped.zip"));
    QVERIFY(TestServer::writeFile(saved, archive));
    const QString unzip = QStandardPaths::findExecutable(QStringLiteral("unzip"));
    if (unzip.isEmpty())
        QSKIP("unzip is not installed");
    QProcess check;
    check.start(unzip, {QStringLiteral("-tq"), saved});
    QVERIFY(check.waitForFinished(20'000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardOutput().constData());
}

void tst_MainWindow::addFolderButtonSharesTheChosenFolder()
{
    // Add folder… opens a folder dialog; the folder picked there is shared as its archive.
    const QString folder = m_dir.filePath(QStringLiteral("chosen folder"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(TestServer::writeFile(folder + QStringLiteral("/only.txt"), "only"));
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("addFolderButton"));
    QVERIFY(button);
    bool dialogSeen = false;
    QTimer picker;
    picker.setInterval(50);
    connect(&picker, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        picker.stop();
        dialogSeen = dialog->fileMode() == QFileDialog::Directory;
        dialog->setDirectory(folder);
        QMetaObject::invokeMethod(dialog, "accept", Qt::QueuedConnection);
    });
    picker.start();
    button->click(); // returns once the dialog is closed
    picker.stop();
    QVERIFY2(dialogSeen, "a folder dialog opened");
    QCOMPARE(m_engine->shares.count(), 1);
    const Share share = m_engine->shares.shares().constFirst();
    QCOMPARE(share.name, QStringLiteral("chosen folder.zip"));
    QCOMPARE(share.archive->fileCount, 1);
    RawClient client(m_engine->server.port());
    QVERIFY(client.waitForConnected());
    const ParsedResponse response = client.request(getRequest(share.linkPath()));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.size(), share.currentIdentity.size);
    QVERIFY(response.body.contains("only.txt"));
}

namespace {

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

// Reads the client's first response to its end (or for a minute) and returns its body.
QByteArray readToTheEnd(RawClient &client)
{
    waitUntil(
        [&] {
            client.readPending();
            const QList<ParsedResponse> responses = parseResponses(client.received());
            return !responses.isEmpty() && responses.first().complete;
        },
        60'000);
    const ParsedResponse response = parseResponses(client.received()).value(0);
    return response.complete ? response.body : QByteArray();
}

// Runs `change` and answers the "change where Sluice serves?" prompt it raises: Change or Keep.
// False when no such prompt opened.
bool answerMovePrompt(const std::function<void()> &change, bool move)
{
    QString text;
    const bool asked = whileDialogOpens<QMessageBox>(change, [&](QMessageBox *box) {
        if (box->objectName() != QStringLiteral("moveServerPrompt"))
            return;
        text = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button)
                == (move ? QMessageBox::DestructiveRole : QMessageBox::RejectRole))
                button->click();
        }
    });
    return asked && text.contains(QStringLiteral("download is running"));
}

QByteArray pathOf(const QString &url)
{
    return QUrl(url).path(QUrl::FullyEncoded).toLatin1();
}

} // namespace

void tst_MainWindow::passwordDialogLocksTheShareAndTicketLinksOpenIt()
{
    const QString path = writeFile(QStringLiteral("locked file.bin"), 300 * 1024 + 1);
    dropUrls({QUrl::fromLocalFile(path)});
    QCOMPARE(m_engine->shares.count(), 1);
    const QByteArray token = m_engine->shares.shares().constFirst().token;
    const QByteArray content = TestServer::contentOf(path);
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("passwordButton"));
    QVERIFY(button && button->isEnabled());

    // Generate: a readable random password, shown so it can be read out; OK sets it.
    QString password;
    QVERIFY(whileDialogOpens<PasswordDialog>(
        [&] { button->click(); },
        [&](PasswordDialog *dialog) {
            auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("generateButton")),
                              Qt::LeftButton);
            password = edit->text();
            if (edit->echoMode() == QLineEdit::Normal)
                QTest::mouseClick(
                    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                    Qt::LeftButton);
            else
                dialog->reject();
        }));
    QVERIFY2(QRegularExpression(QStringLiteral("^[a-z2-9]{4}(-[a-z2-9]{4}){3}$"))
                 .match(password)
                 .hasMatch(),
             qPrintable(password));
    QVERIFY(m_engine->shares.find(token)->password.isSet());
    QVERIFY(m_window->shareModel()
                .index(0, ShareModel::Status)
                .data()
                .toString()
                .endsWith(QStringLiteral("password needed")));

    // The links shown, copied and drawn are the page's, which asks for the password.
    const auto *linkList = m_window->findChild<LinkList *>(QStringLiteral("linkList"));
    QVERIFY(!linkList->links().isEmpty());
    for (const LinkList::Link &link : linkList->links())
        QVERIFY2(link.url.endsWith(u'/' + QString::fromLatin1(token) + u'/'), qPrintable(link.url));
    QAction *copyLink = m_window->findChild<QAction *>(QStringLiteral("copyLinkAction"));
    QVERIFY(copyLink);
    copyLink->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), linkList->links().first().url);

    // The direct link asks too; the password as a Basic credential opens it.
    const QByteArray direct = m_engine->shares.find(token)->linkPath();
    const auto fetch = [this](const QByteArray &target, const QByteArray &headers = {}) {
        RawClient client(m_engine->server.port());
        return client.waitForConnected() ? client.request(getRequest(target, headers))
                                         : ParsedResponse();
    };
    QCOMPARE(fetch(direct).status, 401);
    const QByteArray credential
        = "Authorization: Basic " + QByteArray(":" + password.toUtf8()).toBase64() + "\r\n";
    const ParsedResponse opened = fetch(direct, credential);
    QCOMPARE(opened.status, 200);
    QCOMPARE(opened.body, content);

    // Copy link with password: a ticket link that downloads without asking.
    auto *links = m_window->findChild<LinksPanel *>();
    QVERIFY(links);
    auto *copyTicket = links->findChild<QPushButton *>(QStringLiteral("copyTicketButton"));
    QVERIFY(copyTicket && copyTicket->isVisibleTo(m_window.get()));
    copyTicket->click();
    const QString ticketLink = QGuiApplication::clipboard()->text();
    QVERIFY2(ticketLink.endsWith(QStringLiteral("/locked%20file.bin")), qPrintable(ticketLink));
    QCOMPARE(ticketLink.count(u'/'), 5); // http://host:port/<token>/<ticket>/<name>
    const ParsedResponse ticketed = fetch(pathOf(ticketLink));
    QCOMPARE(ticketed.status, 200);
    QCOMPARE(ticketed.body, content);

    // The QR code: the page (which asks), or with the ticket its page, or the ticket link.
    auto *qrTicket = links->findChild<QCheckBox *>(QStringLiteral("qrTicketCheck"));
    auto *qrPage = links->findChild<QCheckBox *>(QStringLiteral("qrPageCheck"));
    QVERIFY(qrTicket && qrPage && qrPage->isChecked());
    QVERIFY(links->qrText().endsWith(QStringLiteral("/") + QString::fromLatin1(token) + u'/'));
    qrTicket->setChecked(true);
    QCOMPARE(links->qrText(), ticketLink.left(ticketLink.lastIndexOf(u'/') + 1));
    const ParsedResponse ticketPage = fetch(pathOf(links->qrText()));
    QCOMPARE(ticketPage.status, 200);
    QVERIFY(ticketPage.body.contains("locked file.bin"));
    qrPage->setChecked(false);
    QCOMPARE(links->qrText(), ticketLink);
    qrPage->setChecked(true); // remembered: the next window starts as the default

    // Removing the password opens the link again; the ticket controls go.
    QVERIFY(whileDialogOpens<PasswordDialog>([&] { button->click(); },
                                             [](PasswordDialog *dialog) {
                                                 auto *remove = dialog->findChild<QPushButton *>(
                                                     QStringLiteral("removePasswordButton"));
                                                 if (remove)
                                                     QTest::mouseClick(remove, Qt::LeftButton);
                                                 else
                                                     dialog->reject();
                                             }));
    QVERIFY(!m_engine->shares.find(token)->password.isSet());
    QVERIFY(!copyTicket->isVisibleTo(m_window.get()));
    QCOMPARE(fetch(direct).status, 200);
}

void tst_MainWindow::remoteUrlsAreRefused()
{
    auto *zone = m_window->findChild<DropZone *>(QStringLiteral("dropZone"));
    bool accepted = true;
    dropUrls({QUrl(QStringLiteral("https://example.org/file.zip"))}, &accepted);
    QVERIFY(!accepted);
    QCOMPARE(m_engine->shares.count(), 0);
    QVERIFY2(zone->lastMessage().contains(QStringLiteral("is not a local file")),
             qPrintable(zone->lastMessage()));
    QVERIFY(zone->text().contains(QStringLiteral("is not a local file"))); // shown, not only stored

    // A mixed drop shares the file and still says why the URL was refused.
    const QString path = writeFile(QStringLiteral("ok.txt"), 10);
    dropUrls({QUrl::fromLocalFile(path), QUrl(QStringLiteral("https://example.org/x"))}, &accepted);
    QVERIFY(accepted);
    QCOMPARE(m_engine->shares.count(), 1);
    QVERIFY(zone->lastMessage().contains(QStringLiteral("is not a local file")));
}

void tst_MainWindow::chunkSizeControlDrivesTheEngine()
{
    auto *spin = m_window->findChild<QSpinBox *>(QStringLiteral("chunkSpin"));
    auto *unit = m_window->findChild<QComboBox *>(QStringLiteral("chunkUnitCombo"));
    QCOMPARE(unit->currentText(), QStringLiteral("KiB"));
    QCOMPARE(spin->value(), 64);
    QCOMPARE(spin->minimum(), 4);
    QCOMPARE(spin->maximum(), 65536);
    spin->setValue(256);
    QCOMPARE(m_engine->server.chunkSize(), 256 * 1024);
    QCOMPARE(m_settings->chunkSize(), 256 * 1024);
    unit->setCurrentIndex(1); // MiB keeps the size, rounded
    QCOMPARE(spin->maximum(), 64);
    QCOMPARE(m_engine->server.chunkSize(), 1024 * 1024);
    unit->setCurrentIndex(0);
    spin->setValue(64);
    QCOMPARE(m_engine->server.chunkSize(), 64 * 1024);

    // A running transfer picks the new size up from its next chunk: once the chunk being sent
    // is out, the rest comes in chunks of 1000 KiB, never in whole chunks of the old 64 KiB.
    const QString path = writeFile(QStringLiteral("big.bin"), 64 * 1024 * 1024);
    const QByteArray token = m_window->addFiles({path}).value(0);
    const qint64 newChunkSize = 1000 * 1024;
    const ChunkChange change = followChunkSizeChange(
        m_engine->transfers, m_engine->server.port(), m_engine->shares.find(token)->linkPath(),
        path, 64 * 1024, [&] { spin->setValue(int(newChunkSize / 1024)); });
    QCOMPARE(m_engine->server.chunkSize(), newChunkSize);
    QVERIFY2(change.continuedInChunksOf(newChunkSize), qPrintable(change.describe(newChunkSize)));
}

void tst_MainWindow::cancelFromTheViewEndsTheConnection()
{
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("movie.bin"), 64 * 1024 * 1024)}).value(0);
    const QByteArray path = m_engine->shares.find(token)->linkPath();
    // Two clients (one client's requests would be one download's row).
    RawClient first(m_engine->server.port(), QHostAddress::LocalHost, 4096);
    first.send(getRequest(path));
    RawClient second(m_engine->server.port(), QHostAddress::LocalHost, 4096,
                     QHostAddress(QStringLiteral("127.0.0.2")));
    second.send(getRequest(path));
    auto *view = m_window->findChild<QTreeView *>(QStringLiteral("transfersView"));
    const auto selectRow = [view](int row) {
        view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                                QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
    };
    QTRY_COMPARE(view->model()->rowCount(), 2);
    auto *clearButton = m_window->findChild<QPushButton *>(QStringLiteral("clearFinishedButton"));
    auto *clearAction = m_window->findChild<QAction *>(QStringLiteral("clearFinishedAction"));
    auto *cancelAction = m_window->findChild<QAction *>(QStringLiteral("cancelTransferAction"));
    QVERIFY(clearButton && clearAction && cancelAction);
    // Nothing finished yet: nothing to clear.
    QVERIFY2(!clearButton->isEnabled(),
             qPrintable(QStringLiteral("%1 transfers, %2 active")
                            .arg(m_engine->transfers.ids().size())
                            .arg(m_engine->transfers.activeCount())));
    QVERIFY(!clearAction->isEnabled());
    // Readable amounts ("1.2 MiB of 64.0 MiB"), and the file's column takes the spare width.
    const QString transferred
        = view->model()->index(0, TransferModel::Transferred).data().toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[\\d.,]+ (bytes|KiB|MiB) of 64[.,]0 MiB$"))
                 .match(transferred)
                 .hasMatch(),
             qPrintable(transferred));
    QCOMPARE(view->header()->sectionResizeMode(TransferModel::File), QHeaderView::Stretch);
    QVERIFY(view->columnWidth(TransferModel::File) > view->columnWidth(TransferModel::State));

    // The cancel action (button, context menu, Delete key) ends the real connection.
    view->setFocus();
    selectRow(0);
    const quint64 firstId
        = view->model()->index(0, 0).data(TransferModel::TransferIdRole).toULongLong();
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(int(m_engine->transfers.find(firstId)->state), int(Transfer::State::Cancelled));

    selectRow(1);
    const quint64 secondId
        = view->model()->index(1, 0).data(TransferModel::TransferIdRole).toULongLong();
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("cancelTransferButton"));
    QVERIFY(button->isEnabled());
    button->click();
    QTRY_COMPARE(int(m_engine->transfers.find(secondId)->state), int(Transfer::State::Cancelled));

    for (RawClient *client : {&first, &second}) {
        QVERIFY(waitUntil([client] {
            client->readPending();
            return client->isDisconnected();
        }));
    }
    QTRY_COMPARE(view->model()->index(0, TransferModel::State).data().toString(),
                 QStringLiteral("cancelled"));
    // A finished row cannot be cancelled again; now there is something to clear.
    selectRow(0);
    QVERIFY(!button->isEnabled());
    QVERIFY(!cancelAction->isEnabled());
    QVERIFY(clearButton->isEnabled());
    clearButton->click();
    QCOMPARE(view->model()->rowCount(), 0);
    QVERIFY(!clearButton->isEnabled());

    // An empty file is complete from the start: 100.0 %.
    const QByteArray empty
        = m_window->addFiles({writeFile(QStringLiteral("empty.txt"), 0)}).value(0);
    RawClient third(m_engine->server.port());
    QCOMPARE(third.request(getRequest(m_engine->shares.find(empty)->linkPath())).status, 200);
    QTRY_COMPARE(view->model()->rowCount(), 1);
    QTRY_COMPARE(view->model()->index(0, TransferModel::Progress).data().toString(),
                 QLocale().toString(100.0, 'f', 1) + QStringLiteral(" %"));
}

void tst_MainWindow::linksPanelSaysWhyThereIsNoLink()
{
    auto *links = m_window->findChild<LinksPanel *>();
    QVERIFY(links);
    QVERIFY(links->stateText().contains(QStringLiteral("Add a file")));
    m_window->addFiles(
        {writeFile(QStringLiteral("one.bin"), 10), writeFile(QStringLiteral("two.bin"), 20)});
    auto *shares = m_window->findChild<QTableView *>(QStringLiteral("sharesView"));
    shares->clearSelection();
    QVERIFY2(!links->stateText().contains(QStringLiteral("Add a file")),
             qPrintable(links->stateText()));
    // Stopped: it says so and offers Start, which serves again.
    m_window->stopServing();
    QVERIFY2(links->stateText().contains(QStringLiteral("server is stopped")),
             qPrintable(links->stateText()));
    auto *start = links->findChild<QPushButton *>(QStringLiteral("startServingButton"));
    QVERIFY(start && start->isVisibleTo(m_window.get()));
    start->click();
    QTRY_VERIFY(m_engine->server.isListening());
    QVERIFY(!start->isVisibleTo(m_window.get()));
}

void tst_MainWindow::sharesCommandsActOnTheSelection()
{
    auto *shares = m_window->findChild<QTableView *>(QStringLiteral("sharesView"));
    auto *remove = m_window->findChild<QPushButton *>(QStringLiteral("removeShareButton"));
    m_window->addFiles({writeFile(QStringLiteral("a.bin"), 10),
                        writeFile(QStringLiteral("b.bin"), 20),
                        writeFile(QStringLiteral("c.bin"), 30)});
    shares->clearSelection();
    QVERIFY(!remove->isEnabled());
    // Sizes in IEC units, as everywhere else.
    QCOMPARE(m_window->shareModel().index(0, ShareModel::Size).data().toString(),
             QLocale().formattedDataSize(10, 1, QLocale::DataSizeIecFormat));
    QVERIFY(QLocale()
                .formattedDataSize(3 * 1024 * 1024, 1, QLocale::DataSizeIecFormat)
                .endsWith(QStringLiteral("MiB")));

    // Two selected: Ctrl+C copies both links, Delete removes both.
    shares->setFocus();
    shares->selectionModel()->select(
        QItemSelection(shares->model()->index(0, 0), shares->model()->index(1, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(remove->isEnabled());
    QTest::keyClick(shares, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text().split(u'\n').size(), 2);
    QTest::keyClick(shares, Qt::Key_Delete);
    QCOMPARE(m_engine->shares.count(), 1); // no download ran: no question asked
}

void tst_MainWindow::promptsDefaultToTheSafeButton()
{
    // A running download: Quit and Remove ask, and Enter takes the safe answer.
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("big.bin"), 32 * 1024 * 1024)}).value(0);
    RawClient slow(m_engine->server.port(), QHostAddress::LocalHost, 4096);
    slow.send(getRequest(m_engine->shares.find(token)->linkPath()));
    QTRY_COMPARE(m_engine->transfers.activeCount(), 1);
    const auto pressEnter = [](QMessageBox *box) { QTest::keyClick(box, Qt::Key_Return); };
    bool quitDefaultsToCancel = false;
    QVERIFY(whileDialogOpens<QMessageBox>([&] { m_window->close(); },
                                          [&](QMessageBox *box) {
                                              quitDefaultsToCancel = box->defaultButton()
                                                  && box->defaultButton()
                                                      == box->button(QMessageBox::Cancel);
                                              pressEnter(box);
                                          }));
    QVERIFY(quitDefaultsToCancel);
    QVERIFY(m_window->isVisible());
    QString removeDefault;
    auto *shares = m_window->findChild<QTableView *>(QStringLiteral("sharesView"));
    shares->selectRow(0);
    QVERIFY(whileDialogOpens<QMessageBox>(
        [&] { m_window->findChild<QPushButton *>(QStringLiteral("removeShareButton"))->click(); },
        [&](QMessageBox *box) {
            removeDefault = box->defaultButton() ? box->defaultButton()->text() : QString();
            pressEnter(box);
        }));
    QVERIFY2(removeDefault.contains(QStringLiteral("Keep")), qPrintable(removeDefault));
    QCOMPARE(m_engine->shares.count(), 1);
    QCOMPARE(m_engine->transfers.activeCount(), 1);
    // The download goes on, intact.
    slow.socket().setReadBufferSize(0);
    QCOMPARE(readToTheEnd(slow), TestServer::contentOf(m_engine->shares.find(token)->path));
}

void tst_MainWindow::everyWayToQuitAsksWhileDownloadsRun()
{
    // Ctrl+Q, the window's close button and the tray menu's Quit each ask while a download
    // runs; Cancel (the default) keeps the window, the server and the download.
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("stay.bin"), 32 * 1024 * 1024)}).value(0);
    RawClient slow(m_engine->server.port(), QHostAddress::LocalHost, 4096);
    slow.send(getRequest(m_engine->shares.find(token)->linkPath()));
    QTRY_COMPARE(m_engine->transfers.activeCount(), 1);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto *trayQuit = m_window->findChild<QAction *>(QStringLiteral("trayQuitAction"));
    QVERIFY(trayQuit);
    const QList<std::pair<const char *, std::function<void()>>> ways {
        {"Ctrl+Q", [&] { QTest::keyClick(m_window.get(), Qt::Key_Q, Qt::ControlModifier); }},
        {"close button", [&] { m_window->close(); }},
        {"tray Quit", [&] { trayQuit->trigger(); }},
    };
    for (const auto &[name, quit] : ways) {
        QString text;
        bool cancelIsDefault = false;
        QVERIFY2(whileDialogOpens<QMessageBox>(quit,
                                               [&](QMessageBox *box) {
                                                   text = box->text();
                                                   cancelIsDefault = box->defaultButton()
                                                       == box->button(QMessageBox::Cancel);
                                                   QTest::keyClick(box, Qt::Key_Return);
                                               }),
                 name);
        QVERIFY2(cancelIsDefault, name);
        QVERIFY2(text.contains(QStringLiteral("download is running")), qPrintable(text));
        QVERIFY2(m_window->isVisible(), name);
        QVERIFY2(m_engine->server.isListening(), name);
        QCOMPARE(m_engine->transfers.activeCount(), 1);
    }
    slow.socket().setReadBufferSize(0);
    QCOMPARE(readToTheEnd(slow), TestServer::contentOf(m_engine->shares.find(token)->path));
}

void tst_MainWindow::qrCodeDecodesToTheLink()
{
    const QString zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
    if (zbarimg.isEmpty())
        QSKIP("zbarimg (zbar-tools) is not installed");
    m_window->addFiles({writeFile(QStringLiteral("photo ü.jpg"), 1000)});
    auto *qr = m_window->findChild<QrCodeWidget *>(QStringLiteral("qrCode"));
    const auto *links = m_window->findChild<LinkList *>(QStringLiteral("linkList"));
    QVERIFY(!qr->text().isEmpty());
    // By default the code opens the share's page, the link's folder.
    const QString direct = links->chosenLink();
    QCOMPARE(qr->text(), direct.left(direct.lastIndexOf(u'/') + 1));
    QVERIFY(qr->text().endsWith(u'/'));
    auto *pageCheck = m_window->findChild<QCheckBox *>(QStringLiteral("qrPageCheck"));
    QVERIFY(pageCheck->isChecked());
    pageCheck->click(); // the direct link, remembered
    QVERIFY(!m_settings->qrShowsPage());
    QCOMPARE(qr->text(), links->chosenLink());
    // Shown decoded, for people; drawn percent-encoded, for cameras.
    QCOMPARE(m_window->findChild<ElidedLabel *>(QStringLiteral("qrUrlLabel"))->text(),
             ServedLinks::displayText(qr->text()));
    QVERIFY(
        m_window->findChild<ElidedLabel *>(QStringLiteral("qrUrlLabel"))->text().contains(u'ü'));
    QVERIFY(qr->text().contains(QStringLiteral("%C3%BC")));

    // Decode both the symbol and what the widget actually painted.
    const QString symbolPath = m_dir.filePath(QStringLiteral("symbol.png"));
    QVERIFY(qr->code().toImage(6).save(symbolPath));
    const QString paintedPath = m_dir.filePath(QStringLiteral("painted.png"));
    QVERIFY(qr->grab().save(paintedPath));
    for (const QString &image : {symbolPath, paintedPath}) {
        QProcess decoder;
        decoder.start(zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), image});
        QVERIFY(decoder.waitForFinished(30'000));
        QCOMPARE(QString::fromUtf8(decoder.readAllStandardOutput()).trimmed(), qr->text());
    }
}

void tst_MainWindow::portInUseIsReportedWithAFreePort()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::AnyIPv4, 0));
    auto *portSpin = m_window->findChild<QSpinBox *>(QStringLiteral("portSpin"));
    portSpin->setValue(occupant.serverPort());
    const quint16 oldPort = m_engine->server.port();
    m_window->startServing();
    // The new port is tried first: the server stays where it was.
    QVERIFY(m_engine->server.isListening());
    QCOMPARE(m_engine->server.port(), oldPort);
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("serverStatusLabel"));
    QVERIFY2(
        status->text().contains(QStringLiteral("Port %1 is in use").arg(occupant.serverPort())),
        qPrintable(status->text()));
    QVERIFY2(status->text().contains(QStringLiteral("Still serving on port %1").arg(oldPort)),
             qPrintable(status->text()));
    auto *usePort = m_window->findChild<QPushButton *>(QStringLiteral("usePortButton"));
    QVERIFY(usePort->isVisible());
    usePort->click();
    QVERIFY(m_engine->server.isListening());
    QVERIFY(m_engine->server.port() != occupant.serverPort());
    QCOMPARE(portSpin->value(), m_engine->server.port());
    QVERIFY2(status->text().startsWith(QStringLiteral("Serving")), qPrintable(status->text()));
    QVERIFY(!usePort->isVisible());
    // The free port serves this run; the port typed is the one remembered, also after the
    // server is stopped and started again from the window.
    QCOMPARE(m_settings->port(), occupant.serverPort());
    auto *serve = m_window->findChild<QPushButton *>(QStringLiteral("serveButton"));
    serve->click();
    QVERIFY(!m_engine->server.isListening());
    serve->click();
    QVERIFY(m_engine->server.isListening());
    QCOMPARE(m_settings->port(), occupant.serverPort());

    // Entering the port in force again changes nothing: no new listeners.
    QSignalSpy rebound(&m_engine->server, &BlobServer::listeningChanged);
    portSpin->setFocus();
    portSpin->setValue(m_engine->server.port());
    QMetaObject::invokeMethod(portSpin, "editingFinished");
    QCOMPARE(rebound.size(), 0);
}

void tst_MainWindow::busyPortWhileServingKeepsTheDownload()
{
    const QString file = writeFile(QStringLiteral("big.bin"), 8 * 1024 * 1024);
    const QByteArray content = TestServer::contentOf(file);
    const QByteArray token = m_window->addFiles({file}).value(0);
    const quint16 oldPort = m_engine->server.port();
    RawClient client(oldPort, QHostAddress::LocalHost, 4096); // reads only when told to
    client.send(getRequest(m_engine->shares.find(token)->linkPath(), "Connection: close\r\n"));
    QTRY_COMPARE(m_engine->transfers.activeCount(), 1);

    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::AnyIPv4, 0));
    auto *portSpin = m_window->findChild<QSpinBox *>(QStringLiteral("portSpin"));
    // The spin box keeps the focus, and closing the window would apply its value on the way out.
    const auto restorePort = qScopeGuard([&] { portSpin->setValue(oldPort); });
    portSpin->setFocus();
    portSpin->selectAll();
    QTest::keyClicks(portSpin, QString::number(occupant.serverPort()));
    QVERIFY(answerMovePrompt([&] { QTest::keyClick(portSpin, Qt::Key_Return); }, true));
    QCOMPARE(portSpin->value(), int(occupant.serverPort()));

    auto *status = m_window->findChild<QLabel *>(QStringLiteral("serverStatusLabel"));
    QVERIFY2(
        status->text().contains(QStringLiteral("Port %1 is in use").arg(occupant.serverPort())),
        qPrintable(status->text()));
    QVERIFY(m_engine->server.isListening());
    QCOMPARE(m_engine->server.port(), oldPort);
    QCOMPARE(m_engine->transfers.activeCount(), 1);

    QVERIFY2(readToTheEnd(client) == content, "the download is byte-identical");
    QTRY_COMPARE(m_engine->transfers.activeCount(), 0);
    QCOMPARE(int(m_engine->transfers.transfers().value(0).state), int(Transfer::State::Completed));
}

void tst_MainWindow::portChangeMovesTheServerAndKeepsTheDownload()
{
    // A free port typed while a download runs: new links on the new port, the old port closed,
    // and the running download finishes on its own connection.
    const QString file = writeFile(QStringLiteral("moving.bin"), 8 * 1024 * 1024);
    const QByteArray content = TestServer::contentOf(file);
    const QByteArray token = m_window->addFiles({file}).value(0);
    const quint16 oldPort = m_engine->server.port();
    RawClient client(oldPort, QHostAddress::LocalHost, 4096);
    client.send(getRequest(m_engine->shares.find(token)->linkPath(), "Connection: close\r\n"));
    QTRY_COMPARE(m_engine->transfers.activeCount(), 1);

    const quint16 newPort = freePort();
    auto *portSpin = m_window->findChild<QSpinBox *>(QStringLiteral("portSpin"));
    portSpin->setFocus();
    portSpin->selectAll();
    QTest::keyClicks(portSpin, QString::number(newPort));
    QVERIFY(answerMovePrompt([&] { QTest::keyClick(portSpin, Qt::Key_Return); }, true));
    QCOMPARE(m_engine->server.port(), newPort);
    QCOMPARE(m_settings->port(), newPort); // typed: remembered
    const auto *links = m_window->findChild<LinkList *>(QStringLiteral("linkList"));
    QVERIFY(loopbackLink(links).startsWith(QStringLiteral("http://127.0.0.1:%1/").arg(newPort)));
    RawClient fresh(newPort);
    QCOMPARE(fresh.request(getRequest(m_engine->shares.find(token)->linkPath())).status, 200);
    QTcpSocket old;
    old.connectToHost(QHostAddress::LocalHost, oldPort);
    QVERIFY2(!old.waitForConnected(2'000), "the old port no longer accepts");

    client.socket().setReadBufferSize(0); // the rest as fast as it comes
    QVERIFY2(readToTheEnd(client) == content, "the download is byte-identical");
}

void tst_MainWindow::movingTheServerAsksWhileDownloadsRun()
{
    // With a download running, a new port or address asks first; keeping things as they are
    // puts the old value back and leaves the server and the download alone.
    const QString file = writeFile(QStringLiteral("asked.bin"), 8 * 1024 * 1024);
    const QByteArray content = TestServer::contentOf(file);
    const QByteArray token = m_window->addFiles({file}).value(0);
    const quint16 oldPort = m_engine->server.port();
    RawClient client(oldPort, QHostAddress::LocalHost, 4096);
    client.send(getRequest(m_engine->shares.find(token)->linkPath(), "Connection: close\r\n"));
    QTRY_COMPARE(m_engine->transfers.activeCount(), 1);

    auto *portSpin = m_window->findChild<QSpinBox *>(QStringLiteral("portSpin"));
    portSpin->setFocus();
    portSpin->selectAll();
    QTest::keyClicks(portSpin, QString::number(freePort()));
    QVERIFY(answerMovePrompt([&] { QTest::keyClick(portSpin, Qt::Key_Return); }, false));
    QCOMPARE(portSpin->value(), int(oldPort));
    QCOMPARE(m_engine->server.port(), oldPort);
    QCOMPARE(m_settings->port(), oldPort);

    auto *bindCombo = m_window->findChild<QComboBox *>(QStringLiteral("bindCombo"));
    const int before = bindCombo->currentIndex();
    const int other = bindCombo->findData(QStringLiteral("127.0.0.1"));
    QVERIFY2(other >= 0 && other != before, "loopback is offered as an address of its own");
    QVERIFY(answerMovePrompt(
        [&] {
            bindCombo->setCurrentIndex(other);
            Q_EMIT bindCombo->activated(other);
        },
        false));
    QCOMPARE(bindCombo->currentIndex(), before);
    QCOMPARE(m_engine->server.settings().bindAddresses, QList<QHostAddress>());

    // Nothing running: no question.
    client.socket().setReadBufferSize(0);
    QVERIFY2(readToTheEnd(client) == content, "the download is byte-identical");
    QTRY_COMPARE(m_engine->transfers.activeCount(), 0);
    const quint16 newPort = freePort();
    portSpin->setFocus();
    portSpin->selectAll();
    QTest::keyClicks(portSpin, QString::number(newPort));
    QVERIFY(!answerMovePrompt([&] { QTest::keyClick(portSpin, Qt::Key_Return); }, false));
    QCOMPARE(m_engine->server.port(), newPort);
}

namespace {

double luminance(QColor colour)
{
    const auto channel
        = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    colour = colour.toRgb();
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    return dark;
}

} // namespace

void tst_MainWindow::progressTextIsReadableOverTheBar()
{
    // The window's own progress cell, painted as the transfers list paints it, at 0, 50 and
    // 100 % in a light and a dark palette: every piece of text (the pixels that change when
    // the text is drawn) reaches WCAG AA contrast (4.5:1) against the bar under it, on the
    // filled part and on the empty track alike.
    auto *view = m_window->findChild<QTreeView *>(QStringLiteral("transfersView"));
    QAbstractItemDelegate *delegate = view->itemDelegateForColumn(TransferModel::Progress);
    QVERIFY(delegate);
    const QSize size(view->header()->sectionSize(TransferModel::Progress),
                     view->fontMetrics().height() + 8);
    QStandardItemModel cells(1, 1);
    const auto paintCell = [&](const QPalette &palette, double progress, const QString &text) {
        cells.setData(cells.index(0, 0), text, Qt::DisplayRole);
        cells.setData(cells.index(0, 0), progress, TransferModel::ProgressRole);
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(palette.color(QPalette::Base));
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.rect = QRect(QPoint(0, 0), size);
        option.palette = palette;
        option.font = view->font();
        option.state |= QStyle::State_Enabled;
        option.widget = view;
        delegate->paint(&painter, option, cells.index(0, 0));
        return image;
    };
    for (const QPalette &palette : {QApplication::palette(), darkPalette()}) {
        const QImage track = paintCell(palette, 0.0, {});
        const QImage fill = paintCell(palette, 1.0, {});
        for (const double progress : {0.0, 0.5, 1.0}) {
            const QString text = QStringLiteral("%1 %").arg(progress * 100, 0, 'f', 1);
            const QImage bare = paintCell(palette, progress, {});
            const QImage labelled = paintCell(palette, progress, text);
            double best[2] = {0, 0}; // over the fill, over the track
            int pixels[2] = {0, 0};
            for (int y = 0; y < size.height(); ++y) {
                for (int x = 0; x < size.width(); ++x) {
                    const QColor under = bare.pixelColor(x, y);
                    const QColor over = labelled.pixelColor(x, y);
                    if (under == over)
                        continue;
                    // Which part of the bar the pixel is on, by the colour painted there.
                    const int part = under == fill.pixelColor(x, y) ? 0
                        : under == track.pixelColor(x, y)           ? 1
                                                                    : -1;
                    if (part < 0)
                        continue;
                    ++pixels[part];
                    best[part] = std::max(best[part], contrast(over, under));
                }
            }
            QVERIFY2(pixels[0] + pixels[1] > 20, qPrintable(text));
            for (int part : {0, 1}) {
                if (pixels[part] > 0) {
                    QVERIFY2(best[part] >= 4.5,
                             qPrintable(QStringLiteral("%1 over the %2: contrast %3")
                                            .arg(text,
                                                 part == 0 ? QStringLiteral("fill")
                                                           : QStringLiteral("track"))
                                            .arg(best[part], 0, 'f', 2)));
                }
            }
            if (progress == 0.5)
                QVERIFY2(pixels[0] > 0 && pixels[1] > 0, "the text spans the fill and the track");
        }
    }
}

void tst_MainWindow::descriptiveLabelsAreEnabled()
{
    // "this computer only" and the like describe a link: they must not look disabled.
    m_window->addFiles({writeFile(QStringLiteral("labelled.bin"), 10)});
    const auto *links = m_window->findChild<LinkList *>(QStringLiteral("linkList"));
    const QList<QLabel *> labels = links->findChildren<QLabel *>();
    QVERIFY(!labels.isEmpty());
    for (const QLabel *label : labels)
        QVERIFY2(label->isEnabled(), qPrintable(label->text()));
}

void tst_MainWindow::newTransfersScrollIntoViewOnlyFromTheBottom()
{
    const QByteArray token
        = m_window->addFiles({writeFile(QStringLiteral("small.txt"), 100)}).value(0);
    const QByteArray target = m_engine->shares.find(token)->linkPath();
    auto *view = m_window->findChild<QTreeView *>(QStringLiteral("transfersView"));
    QScrollBar *bar = view->verticalScrollBar();
    RawClient client(m_engine->server.port());
    QVERIFY(client.waitForConnected());
    const auto download = [&](int count) {
        for (int i = 0; i < count; ++i)
            client.request(getRequest(target));
    };
    download(60);
    QTRY_COMPARE(view->model()->rowCount(), 60);
    QTRY_VERIFY(bar->maximum() > 0);
    // At the bottom: the newest row is shown.
    QTRY_COMPARE(bar->value(), bar->maximum());
    download(5);
    QTRY_COMPARE(view->model()->rowCount(), 65);
    QTRY_COMPARE(bar->value(), bar->maximum());
    const QRect newest = view->visualRect(view->model()->index(64, 0));
    QVERIFY(view->viewport()->rect().intersects(newest));
    // Reading older rows: new ones do not pull the view away.
    bar->setValue(0);
    download(5);
    QTRY_COMPARE(view->model()->rowCount(), 70);
    QTest::qWait(200);
    QCOMPARE(bar->value(), 0);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
