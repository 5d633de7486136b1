#include "transferspanel.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>

#include "engine.h"
#include "progressdelegate.h"
#include "ui_transferspanel.h"

namespace Sluice {

TransfersPanel::TransfersPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_ui(std::make_unique<Ui::TransfersPanel>())
    , m_model(engine.transfers)
    , m_downloads(m_model)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("transfersPanel"));
    m_proxy.setSourceModel(&m_downloads);
    m_proxy.setSortRole(TransferModel::SortRole);
    QTreeView *view = m_ui->transfersView;
    view->setModel(&m_proxy);
    view->setItemDelegateForColumn(TransferModel::Progress,
                                   new ProgressDelegate(TransferModel::ProgressRole, view));
    QHeaderView *header = view->header();
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(40);
    header->setSectionResizeMode(TransferModel::File, QHeaderView::Stretch);
    header->setSectionResizeMode(TransferModel::State, QHeaderView::Interactive);
    header->resizeSection(TransferModel::Progress,
                          view->fontMetrics().horizontalAdvance(QStringLiteral("100.0 %")) + 24);
    header->resizeSection(
        TransferModel::Transferred,
        view->fontMetrics().horizontalAdvance(QStringLiteral("1,014.6 of 1,023.0 MiB")) + 12);
    header->resizeSection(TransferModel::State,
                          view->fontMetrics().horizontalAdvance(QStringLiteral("client gone"))
                              + 24);
    view->sortByColumn(-1, Qt::AscendingOrder);

    m_cancelAction = new QAction(tr("&Cancel transfer"), view);
    m_cancelAction->setObjectName(QStringLiteral("cancelTransferAction"));
    m_cancelAction->setShortcut(QKeySequence::Delete);
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_cancelAction, &QAction::triggered, this, &TransfersPanel::cancelSelectedTransfers);
    m_clearAction = new QAction(tr("Cl&ear finished"), view);
    m_clearAction->setObjectName(QStringLiteral("clearFinishedAction"));
    connect(m_clearAction, &QAction::triggered, &m_engine.transfers,
            &TransferTracker::clearFinished);
    m_pauseAction = new QAction(tr("&Pause"), view);
    m_pauseAction->setObjectName(QStringLiteral("pauseTransferAction"));
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_pauseAction, &QAction::triggered, this, &TransfersPanel::togglePauseOfSelected);
    m_blockAction = new QAction(tr("&Block client"), view);
    m_blockAction->setObjectName(QStringLiteral("blockClientAction"));
    connect(m_blockAction, &QAction::triggered, this, &TransfersPanel::blockSelectedClients);
    m_unblockAction = new QAction(tr("&Unblock client"), view);
    m_unblockAction->setObjectName(QStringLiteral("unblockClientAction"));
    connect(m_unblockAction, &QAction::triggered, this, &TransfersPanel::unblockSelectedClients);
    view->addAction(m_pauseAction);
    view->addAction(m_blockAction);
    view->addAction(m_unblockAction);
    view->addAction(m_cancelAction);
    view->addAction(m_clearAction);
    connect(m_ui->pauseButton, &QPushButton::clicked, this, &TransfersPanel::togglePauseOfSelected);
    connect(m_ui->blockButton, &QPushButton::clicked, this, &TransfersPanel::blockSelectedClients);
    // The blocked addresses as a menu: choosing one unblocks it.
    m_blockedMenu = new QMenu(m_ui->blockedClientsButton);
    m_blockedMenu->setObjectName(QStringLiteral("blockedClientsMenu"));
    m_ui->blockedClientsButton->setMenu(m_blockedMenu);
    connect(&m_engine.server, &BlobServer::blockedClientsChanged, this,
            &TransfersPanel::updateBlockedClients);
    updateBlockedClients();
    connect(m_ui->cancelTransferButton, &QPushButton::clicked, this,
            &TransfersPanel::cancelSelectedTransfers);
    connect(m_ui->clearFinishedButton, &QPushButton::clicked, &m_engine.transfers,
            &TransferTracker::clearFinished);

    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TransfersPanel::updateCommands);
    connect(&m_model, &TransferModel::refreshed, this, &TransfersPanel::updateCommands);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &TransfersPanel::updateCommands);
    // A new transfer is scrolled into view only when the view was at the bottom: someone
    // reading older rows is not pulled away from them.
    connect(&m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_ui->transfersView->verticalScrollBar();
        m_followNewRows = bar->value() >= bar->maximum();
    });
    connect(&m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followNewRows)
            m_ui->transfersView->scrollToBottom();
        updateCommands();
    });
    updateCommands();
}

TransfersPanel::~TransfersPanel() = default;

QList<quint64> TransfersPanel::selectedTransfers() const
{
    // A download's row stands for all its requests; a request may be selected beside it.
    QList<quint64> ids;
    const QModelIndexList rows = m_ui->transfersView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const QVariantList rowIds = m_proxy.data(row, DownloadModel::TransferIdsRole).toList();
        for (const QVariant &id : rowIds) {
            if (!ids.contains(id.toULongLong()))
                ids.append(id.toULongLong());
        }
    }
    return ids;
}

QList<quint64> TransfersPanel::selectedActiveTransfers() const
{
    QList<quint64> ids;
    for (quint64 id : selectedTransfers()) {
        const Transfer *transfer = m_engine.transfers.find(id);
        if (transfer && transfer->isActive())
            ids.append(id);
    }
    return ids;
}

QList<QHostAddress> TransfersPanel::selectedClients() const
{
    QList<QHostAddress> clients;
    for (quint64 id : selectedTransfers()) {
        const Transfer *transfer = m_engine.transfers.find(id);
        if (transfer && !clients.contains(transfer->peerAddress))
            clients.append(transfer->peerAddress);
    }
    return clients;
}

bool TransfersPanel::selectionPaused() const
{
    const QList<quint64> ids = selectedActiveTransfers();
    return !ids.isEmpty() && std::all_of(ids.cbegin(), ids.cend(), [this](quint64 id) {
        const Transfer *transfer = m_engine.transfers.find(id);
        return transfer && transfer->paused;
    });
}

void TransfersPanel::updateCommands()
{
    const bool cancellable = !selectedActiveTransfers().isEmpty();
    m_ui->cancelTransferButton->setEnabled(cancellable);
    m_cancelAction->setEnabled(cancellable);
    const bool paused = selectionPaused();
    m_ui->pauseButton->setEnabled(cancellable);
    m_ui->pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    m_pauseAction->setEnabled(cancellable);
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    const QList<QHostAddress> clients = selectedClients();
    const bool anyUnblocked
        = std::any_of(clients.cbegin(), clients.cend(), [this](const QHostAddress &address) {
              return !m_engine.server.isBlocked(address);
          });
    const bool anyBlocked
        = std::any_of(clients.cbegin(), clients.cend(), [this](const QHostAddress &address) {
              return m_engine.server.isBlocked(address);
          });
    m_ui->blockButton->setEnabled(anyUnblocked);
    m_blockAction->setEnabled(anyUnblocked);
    m_unblockAction->setEnabled(anyBlocked);
    // Every running transfer has a row, so rows beyond them are finished ones still listed (the
    // tracker's history also holds those already cleared).
    const bool anyFinished = m_model.rowCount() > m_engine.transfers.activeCount();
    m_ui->clearFinishedButton->setEnabled(anyFinished);
    m_clearAction->setEnabled(anyFinished);
}

void TransfersPanel::togglePauseOfSelected()
{
    const bool resume = selectionPaused();
    for (quint64 id : selectedActiveTransfers()) {
        if (resume)
            m_engine.server.resumeTransfer(id);
        else
            m_engine.server.pauseTransfer(id);
    }
    updateCommands();
}

void TransfersPanel::blockSelectedClients()
{
    for (const QHostAddress &address : selectedClients())
        m_engine.server.blockClient(address);
    updateCommands();
}

void TransfersPanel::unblockSelectedClients()
{
    for (const QHostAddress &address : selectedClients())
        m_engine.server.unblockClient(address);
    updateCommands();
}

void TransfersPanel::updateBlockedClients()
{
    m_blockedMenu->clear();
    QList<QHostAddress> blocked = m_engine.server.blockedClients();
    std::sort(blocked.begin(), blocked.end(), [](const QHostAddress &a, const QHostAddress &b) {
        return a.toString() < b.toString();
    });
    for (const QHostAddress &address : std::as_const(blocked)) {
        QAction *action = m_blockedMenu->addAction(tr("Unblock %1").arg(address.toString()));
        connect(action, &QAction::triggered, this,
                [this, address] { m_engine.server.unblockClient(address); });
    }
    m_ui->blockedClientsButton->setEnabled(!blocked.isEmpty());
    m_ui->blockedClientsButton->setText(
        blocked.isEmpty() ? tr("Blocked clients") : tr("Blocked clients (%1)").arg(blocked.size()));
    updateCommands();
}

void TransfersPanel::cancelSelectedTransfers()
{
    for (quint64 id : selectedActiveTransfers())
        m_engine.server.cancelTransfer(id);
}

bool TransfersPanel::selectTransfer(quint64 id)
{
    // The download's row: what the client got, whichever of its requests this was.
    const int row = m_downloads.downloadRowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy.mapFromSource(m_downloads.index(row, 0));
    QTreeView *view = m_ui->transfersView;
    view->setCurrentIndex(index);
    view->selectionModel()->select(index,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index);
    view->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace Sluice
