#include "mainwindow.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QUrl>

#include "appicon.h"
#include "appsettings.h"
#include "commandline.h"
#include "engine.h"
#include "portprobe.h"
#include "progressdelegate.h"
#include "shareurls.h"
#include "ui_mainwindow.h"

Q_LOGGING_CATEGORY(lcGui, "sluice.gui", QtInfoMsg)

namespace Sluice {
namespace {

constexpr qint64 kib = 1024;
constexpr qint64 mib = 1024 * 1024;
constexpr int messageTimeoutMs = 10'000;

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

MainWindow::MainWindow(Engine &engine, AppSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_shareModel(engine.shares)
    , m_transferModel(engine.transfers)
{
    m_ui->setupUi(this);
    setWindowIcon(appIcon());
    m_summaryLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_summaryLabel);

    setUpViews();
    setUpServerControls();
    setUpTray();
    restoreState();

    connect(m_ui->dropZone, &DropZone::filesDropped, this, &MainWindow::handleFilesDropped);
    connect(m_ui->dropZone, &DropZone::dropRefused, this, [this](const QStringList &reasons) {
        statusBar()->showMessage(reasons.join(QStringLiteral("; ")), messageTimeoutMs);
    });
    connect(m_ui->addFilesButton, &QPushButton::clicked, this, &MainWindow::handleAddFilesClicked);
    connect(m_ui->addFilesAction, &QAction::triggered, this, &MainWindow::handleAddFilesClicked);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->removeShareButton, &QPushButton::clicked, this,
            &MainWindow::handleRemoveShareClicked);
    connect(m_ui->revealButton, &QPushButton::clicked, this, &MainWindow::handleRevealClicked);
    connect(m_ui->linkList, &LinkList::chosenLinkChanged, this, [this](const QString &url) {
        m_ui->qrCode->setText(url);
        m_ui->qrUrlLabel->setText(url);
    });
    connect(m_ui->linkList, &LinkList::linkCopied, this, [this](const QString &url) {
        statusBar()->showMessage(tr("Copied %1").arg(url), messageTimeoutMs);
    });

    connect(&m_engine.shares, &ShareRegistry::shareChanged, this, &MainWindow::handleShareChanged);
    connect(&m_engine.shares, &ShareRegistry::shareAdded, this, &MainWindow::updateServerStatus);
    connect(&m_engine.shares, &ShareRegistry::shareRemoved, this, [this] {
        updateServerStatus();
        updateLinks();
    });
    connect(&m_engine.transfers, &TransferTracker::transferFinished, this,
            &MainWindow::handleTransferFinished);
    connect(&m_transferModel, &TransferModel::refreshed, this, &MainWindow::updateTransferSummary);
    connect(&m_engine.server, &BlobServer::chunkSizeChanged, this,
            &MainWindow::handleChunkSizeChanged);
    connect(&m_engine.server, &BlobServer::acceptingPaused, this, &MainWindow::showError);
    connect(&m_engine.server, &BlobServer::acceptingResumed, this, [this] {
        statusBar()->showMessage(tr("Accepting connections again"), messageTimeoutMs);
    });
    connect(&m_engine.server, &BlobServer::listeningChanged, this, [this] {
        m_servedAddresses = rankServedAddresses();
        updateServerStatus();
        updateLinks();
    });
    m_servedAddresses = rankServedAddresses();
    updateLinks();
    updateServerStatus();
    updateTransferSummary();
}

MainWindow::~MainWindow()
{
    // The child widgets outlive this part of the object: a port field that loses focus while
    // they are torn down must not reach a half-destroyed window through editingFinished.
    const QList<QWidget *> children = findChildren<QWidget *>();
    for (QWidget *child : children)
        disconnect(child, nullptr, this, nullptr);
}

void MainWindow::setUpViews()
{
    m_shareProxy.setSourceModel(&m_shareModel);
    m_shareProxy.setSortRole(ShareModel::SortRole);
    m_ui->sharesView->setModel(&m_shareProxy);
    m_ui->sharesView->verticalHeader()->hide();
    m_ui->sharesView->horizontalHeader()->setSectionResizeMode(ShareModel::Link,
                                                               QHeaderView::Stretch);
    m_ui->sharesView->sortByColumn(-1, Qt::AscendingOrder);
    connect(m_ui->sharesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::handleShareSelectionChanged);

    m_transferProxy.setSourceModel(&m_transferModel);
    m_transferProxy.setSortRole(TransferModel::SortRole);
    QTableView *view = m_ui->transfersView;
    view->setModel(&m_transferProxy);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->setItemDelegateForColumn(TransferModel::Progress,
                                   new ProgressDelegate(TransferModel::ProgressRole, view));
    view->horizontalHeader()->setSectionResizeMode(TransferModel::State, QHeaderView::Stretch);
    view->sortByColumn(-1, Qt::AscendingOrder);

    auto *cancelAction = new QAction(tr("&Cancel transfer"), view);
    cancelAction->setObjectName(QStringLiteral("cancelTransferAction"));
    cancelAction->setShortcut(QKeySequence::Delete);
    cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(cancelAction, &QAction::triggered, this, &MainWindow::cancelSelectedTransfers);
    auto *clearAction = new QAction(tr("C&lear finished"), view);
    connect(clearAction, &QAction::triggered, &m_engine.transfers, &TransferTracker::clearFinished);
    view->addAction(cancelAction);
    view->addAction(clearAction);
    connect(m_ui->cancelTransferButton, &QPushButton::clicked, this,
            &MainWindow::cancelSelectedTransfers);
    connect(m_ui->clearFinishedButton, &QPushButton::clicked, &m_engine.transfers,
            &TransferTracker::clearFinished);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_ui->cancelTransferButton->setEnabled(
            m_ui->transfersView->selectionModel()->hasSelection());
    });
}

void MainWindow::setUpServerControls()
{
    populateBindChoices();
    m_ui->portSpin->setValue(m_settings.port());
    showChunkSize(m_settings.chunkSize());
    m_engine.server.setChunkSize(m_settings.chunkSize());
    m_ui->copyOnDropCheck->setChecked(m_settings.copyLinkOnDrop());
    m_ui->trayCheck->setChecked(m_settings.trayIcon());
    m_ui->notifyCheck->setChecked(m_settings.notifyOnCompletion());
    m_ui->usePortButton->hide();

    connect(m_ui->chunkSpin, &QSpinBox::valueChanged, this, &MainWindow::handleChunkControlChanged);
    connect(m_ui->chunkUnitCombo, &QComboBox::currentIndexChanged, this, [this](int unitIndex) {
        if (m_updatingChunkControls)
            return;
        // Keep the size when switching units, rounded to the new unit.
        const qint64 bytes = m_engine.server.chunkSize();
        m_updatingChunkControls = true;
        if (unitIndex == 1) {
            m_ui->chunkSpin->setRange(1, int(ServerSettings::maxChunkSize / mib));
            m_ui->chunkSpin->setValue(int(std::max<qint64>(1, (bytes + mib / 2) / mib)));
        } else {
            m_ui->chunkSpin->setRange(int(ServerSettings::minChunkSize / kib),
                                      int(ServerSettings::maxChunkSize / kib));
            m_ui->chunkSpin->setValue(int(bytes / kib));
        }
        m_updatingChunkControls = false;
        handleChunkControlChanged();
    });
    connect(m_ui->serveButton, &QPushButton::clicked, this, [this] {
        if (m_engine.server.isListening())
            stopServing();
        else
            startServing();
    });
    connect(m_ui->portSpin, &QSpinBox::editingFinished, this, [this] {
        if (m_engine.server.isListening() && m_ui->portSpin->value() != m_engine.server.port())
            startServing();
    });
    connect(m_ui->bindCombo, &QComboBox::activated, this, [this] {
        if (m_engine.server.isListening())
            startServing();
    });
    connect(m_ui->usePortButton, &QPushButton::clicked, this, &MainWindow::handleUsePortClicked);
    connect(m_ui->copyOnDropCheck, &QCheckBox::toggled, this,
            [this](bool on) { m_settings.setCopyLinkOnDrop(on); });
    connect(m_ui->notifyCheck, &QCheckBox::toggled, this,
            [this](bool on) { m_settings.setNotifyOnCompletion(on); });
    connect(m_ui->trayCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_settings.setTrayIcon(on);
        if (m_tray)
            m_tray->setVisible(on);
    });
}

void MainWindow::setUpTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        m_ui->trayCheck->setEnabled(false);
        m_ui->notifyCheck->setEnabled(false);
        m_ui->trayCheck->setToolTip(tr("This desktop has no system tray"));
        return;
    }
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    m_tray->setVisible(m_settings.trayIcon());
}

void MainWindow::populateBindChoices()
{
    m_ui->bindCombo->clear();
    m_ui->bindCombo->addItem(tr("All addresses"), QString());
    const QHostAddress saved = m_settings.bindAddress();
    int savedIndex = 0;
    for (const RankedAddress &address : rankAddresses(localAddressCandidates())) {
        m_ui->bindCombo->addItem(
            QStringLiteral("%1 (%2)").arg(address.address.toString(), address.interfaceName),
            address.address.toString());
        if (address.address == saved)
            savedIndex = m_ui->bindCombo->count() - 1;
    }
    m_ui->bindCombo->setCurrentIndex(savedIndex);
}

void MainWindow::applyCommandLine(const AppOptions &options)
{
    if (options.portGiven && options.server.port > 0)
        m_ui->portSpin->setValue(options.server.port);
    if (options.chunkSizeGiven)
        m_engine.server.setChunkSize(options.server.chunkSize);
    if (!options.server.bindAddresses.isEmpty()) {
        const int index
            = m_ui->bindCombo->findData(options.server.bindAddresses.first().toString());
        if (index >= 0)
            m_ui->bindCombo->setCurrentIndex(index);
    }
    ServerSettings server = m_engine.server.settings();
    server.listSharesAtRoot = options.server.listSharesAtRoot;
    server.requestHeadTimeout = options.server.requestHeadTimeout;
    server.keepAliveTimeout = options.server.keepAliveTimeout;
    server.stallTimeout = options.server.stallTimeout;
    server.maxConnections = options.server.maxConnections;
    m_engine.server.setSettings(server);
}

void MainWindow::startServing()
{
    ServerSettings server = m_engine.server.settings();
    const QString bind = m_ui->bindCombo->currentData().toString();
    server.bindAddresses
        = bind.isEmpty() ? QList<QHostAddress>() : QList<QHostAddress> {QHostAddress(bind)};
    server.port = quint16(m_ui->portSpin->value());
    m_offeredPort = 0;
    m_ui->usePortButton->hide();
    // While serving, the new port is opened first: when it cannot be had, the server and its
    // transfers carry on where they are.
    const bool wasListening = m_engine.server.isListening();
    bool serving = false;
    if (wasListening) {
        serving = m_engine.server.rebind(server);
    } else {
        m_engine.server.setSettings(server);
        serving = m_engine.server.start();
    }
    if (serving) {
        m_serverError.clear();
        m_settings.setPort(server.port);
        m_settings.setBindAddress(bind.isEmpty() ? QHostAddress() : QHostAddress(bind));
    } else {
        m_serverError = m_engine.server.errorString();
        if (m_serverError.contains(QStringLiteral("already in use"))) {
            m_offeredPort = nextFreePort(server.port, server.bindAddresses);
            if (m_offeredPort != 0) {
                m_serverError = tr("Port %1 is in use by another program. Port %2 is free.")
                                    .arg(server.port)
                                    .arg(m_offeredPort);
                m_ui->usePortButton->setText(tr("&Use port %1").arg(m_offeredPort));
                m_ui->usePortButton->show();
            }
        }
        if (wasListening && m_engine.server.isListening())
            m_serverError += tr(" Still serving on port %1.").arg(m_engine.server.port());
        qCWarning(lcGui, "%s", qPrintable(m_serverError));
    }
    updateServerStatus();
    updateLinks();
}

void MainWindow::stopServing()
{
    m_engine.server.stop();
    m_serverError.clear();
    updateServerStatus();
    updateLinks();
}

void MainWindow::handleUsePortClicked()
{
    if (m_offeredPort == 0)
        return;
    m_ui->portSpin->setValue(m_offeredPort);
    startServing();
}

QList<QByteArray> MainWindow::addFiles(const QStringList &paths)
{
    QList<QByteArray> added;
    QStringList errors;
    for (const QString &path : paths) {
        const ShareRegistry::AddResult result = m_engine.shares.addFile(path);
        if (result.token.isEmpty())
            errors.append(result.error);
        else
            added.append(result.token);
    }
    if (!errors.isEmpty())
        showError(tr("Cannot share %1").arg(errors.join(QStringLiteral("; "))));
    if (!added.isEmpty())
        selectShare(added.constLast());
    return added;
}

void MainWindow::handleFilesDropped(const QStringList &paths)
{
    const QList<QByteArray> added = addFiles(paths);
    if (added.isEmpty() || !m_ui->copyOnDropCheck->isChecked())
        return;
    const QString link = bestLink(added.constLast());
    if (link.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(link);
    statusBar()->showMessage(tr("Link copied: %1").arg(link), messageTimeoutMs);
}

void MainWindow::handleAddFilesClicked()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Share files"));
    if (!paths.isEmpty())
        addFiles(paths);
}

void MainWindow::handleRemoveShareClicked()
{
    const QByteArray token = selectedShareToken();
    if (token.isEmpty())
        return;
    int active = 0;
    for (const Transfer &transfer : m_engine.transfers.transfers())
        active += transfer.isActive() && transfer.shareToken == token ? 1 : 0;
    if (active > 0) {
        const auto answer = QMessageBox::question(
            this, tr("Stop sharing?"),
            active == 1
                ? tr("A download of this file is running. Stop sharing it and cancel the download?")
                : tr("%1 downloads of this file are running. Stop sharing it and cancel them?")
                      .arg(active));
        if (answer != QMessageBox::Yes)
            return;
    }
    m_engine.shares.remove(token); // the server cancels the share's transfers
}

void MainWindow::handleRevealClicked()
{
    const QModelIndex current = m_shareProxy.mapToSource(m_ui->sharesView->currentIndex());
    const QString path = m_shareModel.data(current, ShareModel::PathRole).toString();
    if (!path.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

QByteArray MainWindow::selectedShareToken() const
{
    const QModelIndex current = m_shareProxy.mapToSource(m_ui->sharesView->currentIndex());
    return current.isValid() ? m_shareModel.tokenAt(current.row()) : QByteArray();
}

void MainWindow::selectShare(const QByteArray &token)
{
    const int row = m_shareModel.rowOf(token);
    if (row < 0)
        return;
    const QModelIndex index = m_shareProxy.mapFromSource(m_shareModel.index(row, 0));
    m_ui->sharesView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::handleShareSelectionChanged()
{
    const bool selected = !selectedShareToken().isEmpty();
    m_ui->removeShareButton->setEnabled(selected);
    m_ui->revealButton->setEnabled(selected);
    updateLinks();
}

void MainWindow::handleShareChanged(const QByteArray &token)
{
    const Share *share = m_engine.shares.find(token);
    if (share && share->status == Share::Status::Missing)
        showError(tr("%1 is no longer available").arg(share->path));
    else if (share && share->status == Share::Status::Changed)
        statusBar()->showMessage(tr("%1 changed since it was shared").arg(share->name),
                                 messageTimeoutMs);
    else if (share && share->status == Share::Status::NotResponding)
        statusBar()->showMessage(
            tr("%1 is not responding (its disk or network share hangs)").arg(share->name),
            messageTimeoutMs);
}

void MainWindow::handleTransferFinished(quint64 id)
{
    const Transfer *transfer = m_engine.transfers.find(id);
    if (!transfer)
        return;
    if (transfer->state == Transfer::State::Failed)
        statusBar()->showMessage(
            tr("Download of %1 by %2 failed: %3")
                .arg(transfer->fileName, transfer->peerAddress.toString(), transfer->endReason),
            messageTimeoutMs);
    if (transfer->state == Transfer::State::Completed && m_tray && m_tray->isVisible()
        && m_ui->notifyCheck->isChecked())
        m_tray->showMessage(tr("Download complete"),
                            tr("%1 finished downloading %2")
                                .arg(transfer->peerAddress.toString(), transfer->fileName));
}

QList<RankedAddress> MainWindow::rankServedAddresses() const
{
    // Interfaces are enumerated when serving starts or stops, not for every link shown.
    if (!m_engine.server.isListening())
        return {};
    const QList<QHostAddress> reachable = reachableAddresses(m_engine.server.listeningAddresses());
    QList<AddressCandidate> candidates;
    const QList<AddressCandidate> local = localAddressCandidates();
    for (const QHostAddress &address : reachable) {
        AddressCandidate candidate;
        candidate.address = address;
        for (const AddressCandidate &known : local) {
            if (known.address == address)
                candidate = known;
        }
        candidates.append(candidate);
    }
    return rankAddresses(candidates);
}

QString MainWindow::bestLink(const QByteArray &token) const
{
    const Share *share = m_engine.shares.find(token);
    const QList<RankedAddress> addresses = servedAddresses();
    if (!share || addresses.isEmpty())
        return {};
    return shareUrl(addresses.first().address, m_engine.server.port(), share->linkPath());
}

void MainWindow::updateLinks()
{
    const QList<RankedAddress> addresses = servedAddresses();
    m_shareModel.setLinkBase(addresses.isEmpty()
                                 ? QString()
                                 : shareUrl(addresses.first().address, m_engine.server.port(), {}));
    const Share *share = m_engine.shares.find(selectedShareToken());
    QList<LinkList::Link> links;
    if (share) {
        for (const RankedAddress &address : addresses)
            links.append({shareUrl(address.address, m_engine.server.port(), share->linkPath()),
                          address.label()});
    }
    m_ui->linkList->setLinks(links);
}

void MainWindow::updateServerStatus()
{
    QString status;
    if (!m_serverError.isEmpty()) {
        status = m_serverError;
    } else if (!m_engine.server.isListening()) {
        status = tr("Not serving");
    } else {
        const int addresses = int(servedAddresses().size());
        const int files = m_engine.shares.count();
        const QString where = addresses == 1 ? tr("1 address") : tr("%1 addresses").arg(addresses);
        if (files == 0)
            status = tr("Serving on %1, port %2. Drop a file to share it.")
                         .arg(where)
                         .arg(m_engine.server.port());
        else
            status = files == 1
                ? tr("Serving 1 file on %1, port %2").arg(where).arg(m_engine.server.port())
                : tr("Serving %1 files on %2, port %3")
                      .arg(files)
                      .arg(where)
                      .arg(m_engine.server.port());
    }
    m_ui->serverStatusLabel->setText(status);
    m_ui->serveButton->setText(m_engine.server.isListening() ? tr("&Stop serving")
                                                             : tr("&Start serving"));
}

void MainWindow::updateTransferSummary()
{
    const int active = m_engine.transfers.activeCount();
    m_summaryLabel->setText(
        tr("%1 active").arg(active) + QStringLiteral(" · ")
        + tr("%1/s").arg(formatSize(qint64(m_transferModel.aggregateSpeed())))
        + QStringLiteral(" · ")
        + tr("%1 sent").arg(formatSize(m_engine.transfers.totalBytesDelivered())));
    if (m_tray)
        m_tray->setToolTip(active == 1 ? tr("Sluice: 1 active transfer")
                                       : tr("Sluice: %1 active transfers").arg(active));
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, messageTimeoutMs);
    qCWarning(lcGui, "%s", qPrintable(message));
}

void MainWindow::cancelSelectedTransfers()
{
    const QModelIndexList rows = m_ui->transfersView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const quint64 id = m_transferProxy.data(row, TransferModel::TransferIdRole).toULongLong();
        m_engine.server.cancelTransfer(id);
    }
}

void MainWindow::showChunkSize(qint64 bytes)
{
    m_updatingChunkControls = true;
    if (bytes >= mib && bytes % mib == 0) {
        m_ui->chunkUnitCombo->setCurrentIndex(1);
        m_ui->chunkSpin->setRange(1, int(ServerSettings::maxChunkSize / mib));
        m_ui->chunkSpin->setValue(int(bytes / mib));
    } else {
        m_ui->chunkUnitCombo->setCurrentIndex(0);
        m_ui->chunkSpin->setRange(int(ServerSettings::minChunkSize / kib),
                                  int(ServerSettings::maxChunkSize / kib));
        m_ui->chunkSpin->setValue(int(bytes / kib));
    }
    m_updatingChunkControls = false;
}

qint64 MainWindow::chunkSizeFromControls() const
{
    const qint64 unit = m_ui->chunkUnitCombo->currentIndex() == 1 ? mib : kib;
    return std::clamp<qint64>(m_ui->chunkSpin->value() * unit, ServerSettings::minChunkSize,
                              ServerSettings::maxChunkSize);
}

void MainWindow::handleChunkControlChanged()
{
    if (m_updatingChunkControls)
        return;
    const qint64 bytes = chunkSizeFromControls();
    m_engine.server.setChunkSize(bytes); // running transfers use it from their next chunk
    m_settings.setChunkSize(bytes);
}

void MainWindow::handleChunkSizeChanged(qint64 bytes)
{
    if (bytes != chunkSizeFromControls())
        showChunkSize(bytes);
}

void MainWindow::restoreState()
{
    restoreGeometry(m_settings.windowGeometry());
    m_ui->mainSplitter->restoreState(m_settings.splitterState());
    m_ui->transfersView->horizontalHeader()->restoreState(
        m_settings.headerState(QStringLiteral("transfers")));
    m_ui->sharesView->horizontalHeader()->restoreState(
        m_settings.headerState(QStringLiteral("shares")));
}

void MainWindow::saveState()
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setSplitterState(m_ui->mainSplitter->saveState());
    m_settings.setHeaderState(QStringLiteral("transfers"),
                              m_ui->transfersView->horizontalHeader()->saveState());
    m_settings.setHeaderState(QStringLiteral("shares"),
                              m_ui->sharesView->horizontalHeader()->saveState());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    QMainWindow::closeEvent(event);
}

} // namespace Sluice
