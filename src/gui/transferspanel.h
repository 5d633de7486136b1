#pragma once

#include <memory>

#include <QSortFilterProxyModel>
#include <QWidget>

#include "transfermodel.h"

class QAction;

namespace Ui {
class TransfersPanel;
}

namespace Sluice {

struct Engine;

// The live transfer list with Cancel and Clear finished (buttons, context menu, Delete). It
// follows new transfers while the view is scrolled to the bottom, and enables each command
// only when it has something to act on.
class TransfersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TransfersPanel(Engine &engine, QWidget *parent = nullptr);
    ~TransfersPanel() override;

    void cancelSelectedTransfers();
    // Selects the transfer's row and scrolls it into view; false when it is not listed.
    bool selectTransfer(quint64 id);
    TransferModel &model() { return m_model; }

private:
    void updateCommands();
    QList<quint64> selectedActiveTransfers() const;

    Engine &m_engine;
    std::unique_ptr<Ui::TransfersPanel> m_ui;
    TransferModel m_model;
    QSortFilterProxyModel m_proxy;
    QAction *m_cancelAction = nullptr;
    QAction *m_clearAction = nullptr;
    bool m_followNewRows = true;
};

} // namespace Sluice
