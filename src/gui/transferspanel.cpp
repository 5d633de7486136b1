#include "transferspanel.h"

#include <QAction>
#include <QHeaderView>
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
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("transfersPanel"));
    m_proxy.setSourceModel(&m_model);
    m_proxy.setSortRole(TransferModel::SortRole);
    QTableView *view = m_ui->transfersView;
    view->setModel(&m_proxy);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->setItemDelegateForColumn(TransferModel::Progress,
                                   new ProgressDelegate(TransferModel::ProgressRole, view));
    QHeaderView *header = view->horizontalHeader();
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
    view->addAction(m_cancelAction);
    view->addAction(m_clearAction);
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

QList<quint64> TransfersPanel::selectedActiveTransfers() const
{
    QList<quint64> ids;
    const QModelIndexList rows = m_ui->transfersView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const quint64 id = m_proxy.data(row, TransferModel::TransferIdRole).toULongLong();
        const Transfer *transfer = m_engine.transfers.find(id);
        if (transfer && transfer->isActive())
            ids.append(id);
    }
    return ids;
}

void TransfersPanel::updateCommands()
{
    const bool cancellable = !selectedActiveTransfers().isEmpty();
    m_ui->cancelTransferButton->setEnabled(cancellable);
    m_cancelAction->setEnabled(cancellable);
    // Every running transfer has a row, so rows beyond them are finished ones still listed (the
    // tracker's history also holds those already cleared).
    const bool anyFinished = m_model.rowCount() > m_engine.transfers.activeCount();
    m_ui->clearFinishedButton->setEnabled(anyFinished);
    m_clearAction->setEnabled(anyFinished);
}

void TransfersPanel::cancelSelectedTransfers()
{
    for (quint64 id : selectedActiveTransfers())
        m_engine.server.cancelTransfer(id);
}

bool TransfersPanel::selectTransfer(quint64 id)
{
    const int row = m_model.rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy.mapFromSource(m_model.index(row, 0));
    QTableView *view = m_ui->transfersView;
    view->setCurrentIndex(index);
    view->selectionModel()->select(index,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index);
    view->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace Sluice
