#include "mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDBusConnection>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTreeView>

#include "appicon.h"
#include "appsettings.h"
#include "engine.h"
#include "linkspanel.h"
#include "messagebar.h"
#include "notificationcenter.h"
#include "notifier.h"
#include "serverconditions.h"
#include "servedlinks.h"
#include "serverpanel.h"
#include "sharespanel.h"
#include "transferspanel.h"
#include "ui_mainwindow.h"

Q_LOGGING_CATEGORY(lcGui, "sluice.gui", QtInfoMsg)

namespace Sluice {
namespace {

constexpr int messageTimeoutMs = 10'000;

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace

MainWindow::MainWindow(Engine &engine, AppSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowIcon(appIcon());
    m_links = new ServedLinks(engine.server, engine.shares, this);
    m_sharesPanel = new SharesPanel(engine, *m_links, m_ui->sharesSplitter);
    m_linksPanel = new LinksPanel(*m_links, engine.server, engine.shares, m_ui->sharesSplitter);
    m_transfersPanel = new TransfersPanel(engine, m_ui->mainSplitter);
    m_serverPanel = new ServerPanel(engine, settings, *m_links, m_ui->centralWidget);
    m_ui->sharesSplitter->addWidget(m_sharesPanel);
    m_ui->sharesSplitter->addWidget(m_linksPanel);
    m_ui->sharesSplitter->setStretchFactor(0, 3);
    m_ui->sharesSplitter->setStretchFactor(1, 2);
    m_ui->mainSplitter->addWidget(m_transfersPanel);
    m_ui->centralLayout->addWidget(m_serverPanel);
    m_messageBar = new MessageBar(m_ui->centralWidget);
    m_ui->centralLayout->insertWidget(0, m_messageBar); // above the lists
    m_serverConditions = new ServerConditions(engine.server, *m_messageBar, this);
    m_notifier = new Notifier(engine.transfers, this, this);
    m_notifications
        = new NotificationCenter(engine, QDBusConnection::sessionBus(), *m_notifier, this);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    statusBar()->addPermanentWidget(m_summaryLabel);

    m_serverPanel->setTrayAvailable(m_notifier->isAvailable());
    m_notifier->setVisible(m_settings.trayIcon());
    m_notifications->setCompletionsEnabled([this] { return m_serverPanel->notifyOnCompletion(); });
    m_serverPanel->setNotificationsAvailable(m_notifications->canNotify());
    m_sharesPanel->setCopyLinkOnDrop([this] { return m_serverPanel->copyLinkOnDrop(); });
    m_linksPanel->setQrShowsPage(m_settings.qrShowsPage());
    connect(m_linksPanel, &LinksPanel::qrShowsPageChanged, this,
            [this](bool on) { m_settings.setQrShowsPage(on); });
    restoreState();
    setUpTabOrder();

    connect(m_ui->addFilesAction, &QAction::triggered, m_sharesPanel,
            &SharesPanel::chooseFilesToAdd);
    connect(m_ui->addFolderAction, &QAction::triggered, m_sharesPanel,
            &SharesPanel::chooseFolderToAdd);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_sharesPanel, &SharesPanel::currentShareChanged, m_linksPanel, &LinksPanel::setShare);
    connect(m_sharesPanel, &SharesPanel::message, this, &MainWindow::showMessage);
    connect(m_linksPanel, &LinksPanel::startRequested, this, &MainWindow::startServing);
    connect(m_linksPanel, &LinksPanel::linkCopied, this, [this](const QString &url) {
        showMessage(tr("Copied %1").arg(ServedLinks::displayText(url)));
    });
    connect(m_serverPanel, &ServerPanel::trayIconToggled, this, [this](bool on) {
        m_notifier->setVisible(on);
        m_serverPanel->setNotificationsAvailable(m_notifications->canNotify());
    });
    connect(m_notifications, &NotificationCenter::availabilityChanged, this,
            [this] { m_serverPanel->setNotificationsAvailable(m_notifications->canNotify()); });
    connect(m_notifications, &NotificationCenter::openRequested, this, &MainWindow::showTransfer);
    connect(m_serverPanel, &ServerPanel::portInUseChanged, m_serverConditions,
            &ServerConditions::setPortInUse);
    connect(m_notifier, &Notifier::showRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_notifier, &Notifier::quitRequested, this, [this] {
        // A hidden window closing is not the last window closing: quit explicitly.
        if (close() && !isVisible())
            QApplication::quit();
    });

    connect(&m_engine.shares, &ShareRegistry::shareChanged, this, [this](const QByteArray &token) {
        const Share *share = m_engine.shares.find(token);
        if (share && share->status == Share::Status::Missing)
            showMessage(tr("%1 is no longer available").arg(share->path));
        else if (share && share->status == Share::Status::Changed)
            showMessage(tr("%1 changed since it was shared").arg(share->name));
        else if (share && share->status == Share::Status::NotResponding)
            showMessage(
                tr("%1 is not responding (its disk or network share hangs)").arg(share->name));
    });
    connect(&m_engine.transfers, &TransferTracker::transferFinished, this, [this](quint64 id) {
        const Transfer *transfer = m_engine.transfers.find(id);
        if (transfer && transfer->state == Transfer::State::Failed)
            showMessage(tr("Download of %1 by %2 failed: %3")
                            .arg(transfer->fileName, transfer->peerAddress.toString(),
                                 transfer->endReason.text()));
    });
    connect(&m_transfersPanel->model(), &TransferModel::refreshed, this,
            &MainWindow::updateTransferSummary);
    updateTransferSummary();
}

MainWindow::~MainWindow() = default;

void MainWindow::setUpTabOrder()
{
    // Top to bottom, left to right: the shares, the links, the transfers, the server.
    const QList<QWidget *> order = {
        m_sharesPanel->findChild<QWidget *>(QStringLiteral("addFilesButton")),
        m_sharesPanel->findChild<QWidget *>(QStringLiteral("addFolderButton")),
        m_sharesPanel->findChild<QWidget *>(QStringLiteral("removeShareButton")),
        m_sharesPanel->findChild<QWidget *>(QStringLiteral("revealButton")),
        m_sharesPanel->findChild<QWidget *>(QStringLiteral("passwordButton")),
        m_sharesPanel->findChild<QWidget *>(QStringLiteral("sharesView")),
        m_linksPanel->findChild<QWidget *>(QStringLiteral("startServingButton")),
        m_linksPanel->findChild<QWidget *>(QStringLiteral("linkList")),
        m_linksPanel->findChild<QWidget *>(QStringLiteral("qrPageCheck")),
        m_linksPanel->findChild<QWidget *>(QStringLiteral("qrTicketCheck")),
        m_linksPanel->findChild<QWidget *>(QStringLiteral("copyTicketButton")),
        m_transfersPanel->findChild<QWidget *>(QStringLiteral("transfersView")),
        m_transfersPanel->findChild<QWidget *>(QStringLiteral("cancelTransferButton")),
        m_transfersPanel->findChild<QWidget *>(QStringLiteral("clearFinishedButton")),
        m_serverPanel->findChild<QWidget *>(QStringLiteral("portSpin")),
    };
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
}

void MainWindow::applyCommandLine(const AppOptions &options)
{
    m_serverPanel->applyCommandLine(options);
}

QList<QByteArray> MainWindow::addFiles(const QStringList &paths, const QJsonObject &rules)
{
    return m_sharesPanel->addFiles(paths, rules);
}

void MainWindow::startServing()
{
    m_serverPanel->startServing();
}

void MainWindow::stopServing()
{
    m_serverPanel->stopServing(false);
}

void MainWindow::cancelSelectedTransfers()
{
    m_transfersPanel->cancelSelectedTransfers();
}

void MainWindow::quitNow()
{
    m_quitting = true;
    close();
}

TransferModel &MainWindow::transferModel()
{
    return m_transfersPanel->model();
}

ShareModel &MainWindow::shareModel()
{
    return m_sharesPanel->model();
}

QList<RankedAddress> MainWindow::servedAddresses() const
{
    return m_links->addresses();
}

QString MainWindow::bestLink(const QByteArray &token) const
{
    return m_links->bestLink(token);
}

void MainWindow::showTransfer(quint64 transferId, const QByteArray &shareToken)
{
    showNormal();
    raise();
    activateWindow();
    const bool transferListed = transferId != 0 && m_transfersPanel->selectTransfer(transferId);
    if (!transferListed && !shareToken.isEmpty())
        m_sharesPanel->selectShare(shareToken);
}

void MainWindow::updateTransferSummary()
{
    const int active = m_engine.transfers.activeCount();
    const QString summary = tr("%n active", nullptr, active) + QStringLiteral(" · ")
        + tr("%1/s").arg(formatSize(qint64(transferModel().aggregateSpeed())))
        + QStringLiteral(" · ")
        + tr("%1 delivered").arg(formatSize(m_engine.transfers.totalBytesDelivered()));
    m_summaryLabel->setText(summary);
    m_notifier->updateSummary();
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, messageTimeoutMs);
}

MainWindow::CloseChoice MainWindow::askBeforeClosing(int running)
{
    QMessageBox box(QMessageBox::Question, tr("Quit Sluice?"),
                    tr("%n download(s) running. Quitting stops them.", nullptr, running),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("quitPrompt"));
    QPushButton *stop = box.addButton(tr("&Stop downloads and quit"), QMessageBox::DestructiveRole);
    QPushButton *keep = nullptr;
    if (m_notifier->isVisible())
        keep = box.addButton(tr("&Keep serving in the tray"), QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    // Cancel is the default: Enter pressed by habit stops nobody's download.
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == stop)
        return CloseChoice::StopDownloads;
    if (keep && box.clickedButton() == keep)
        return CloseChoice::KeepServing;
    return CloseChoice::Cancel;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int running = m_engine.transfers.activeCount();
    if (!m_quitting && running > 0) {
        switch (askBeforeClosing(running)) {
        case CloseChoice::Cancel:
            event->ignore();
            return;
        case CloseChoice::KeepServing:
            saveState();
            hide();
            event->ignore();
            return;
        case CloseChoice::StopDownloads:
            break;
        }
    }
    saveState();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreState()
{
    restoreGeometry(m_settings.windowGeometry());
    m_ui->mainSplitter->restoreState(m_settings.splitterState());
    auto *transfers = m_transfersPanel->findChild<QTreeView *>(QStringLiteral("transfersView"));
    auto *shares = m_sharesPanel->findChild<QTableView *>(QStringLiteral("sharesView"));
    transfers->header()->restoreState(m_settings.headerState(QStringLiteral("transfers")));
    shares->horizontalHeader()->restoreState(m_settings.headerState(QStringLiteral("shares")));
}

void MainWindow::saveState()
{
    auto *transfers = m_transfersPanel->findChild<QTreeView *>(QStringLiteral("transfersView"));
    auto *shares = m_sharesPanel->findChild<QTableView *>(QStringLiteral("sharesView"));
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setSplitterState(m_ui->mainSplitter->saveState());
    m_settings.setHeaderState(QStringLiteral("transfers"), transfers->header()->saveState());
    m_settings.setHeaderState(QStringLiteral("shares"), shares->horizontalHeader()->saveState());
    m_settings.sync();
}

} // namespace Sluice
