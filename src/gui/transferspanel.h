#pragma once

#include <memory>

#include <QSortFilterProxyModel>
#include <QWidget>

#include "downloadmodel.h"
#include "transfermodel.h"

class QAction;
class QHostAddress;
class QMenu;

namespace Ui {
class TransfersPanel;
}

namespace Sluice {

struct Engine;

// The live transfer list with Pause/Resume, Block client, Cancel and Clear finished (buttons,
// context menu, Delete), and the blocked clients, each of which can be unblocked. It follows
// new transfers while the view is scrolled to the bottom, and enables each command only when
// it has something to act on.
class TransfersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TransfersPanel(Engine &engine, QWidget *parent = nullptr);
    ~TransfersPanel() override;

    void cancelSelectedTransfers();
    // Selects the row of the transfer's download and scrolls it into view; false when it is not
    // listed.
    bool selectTransfer(quint64 id);
    // Pauses the selected running transfers; when all of them are paused, resumes them.
    void togglePauseOfSelected();
    // Blocks the addresses of the selected transfers' clients (or unblocks them, when all are).
    void blockSelectedClients();
    void unblockSelectedClients();
    // One row per request.
    TransferModel &model() { return m_model; }
    // What the list shows: one row per client's download of a share, expanding to its requests.
    DownloadModel &downloads() { return m_downloads; }

private:
    void updateCommands();
    QList<quint64> selectedTransfers() const;
    QList<quint64> selectedActiveTransfers() const;
    QList<QHostAddress> selectedClients() const;
    // Whether every selected running transfer is paused (so the command resumes them).
    bool selectionPaused() const;
    void updateBlockedClients();

    Engine &m_engine;
    std::unique_ptr<Ui::TransfersPanel> m_ui;
    TransferModel m_model;
    DownloadModel m_downloads;
    QSortFilterProxyModel m_proxy;
    QAction *m_cancelAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_blockAction = nullptr;
    QAction *m_unblockAction = nullptr;
    QMenu *m_blockedMenu = nullptr;
    bool m_followNewRows = true;
};

} // namespace Sluice
