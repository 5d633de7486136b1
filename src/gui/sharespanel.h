#pragma once

#include <memory>

#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QWidget>

#include "sharemodel.h"

namespace Ui {
class SharesPanel;
}

namespace Sluice {

struct Engine;
class ServedLinks;

// The shared files: a drop zone, Add/Remove/Show in folder, and the list, whose selection
// chooses the share the links panel shows. Remove, Delete and the context menu act on every
// selected share.
class SharesPanel : public QWidget
{
    Q_OBJECT
public:
    SharesPanel(Engine &engine, ServedLinks &links, QWidget *parent = nullptr);
    ~SharesPanel() override;

    // Shares the files with `rules` (ShareRules' form) and selects the last one; returns the
    // tokens of those shared.
    QList<QByteArray> addFiles(const QStringList &paths, const QJsonObject &rules = {});
    // The current share (the one whose links are shown); empty when none.
    QByteArray currentShare() const;
    QList<QByteArray> selectedShares() const;
    void selectShare(const QByteArray &token);
    // Stops sharing the selected files, asking first when downloads of them are running.
    void removeSelectedShares();
    void chooseFilesToAdd();
    void chooseFolderToAdd();
    // Asks for a password for the selected shares (or to remove theirs).
    void choosePasswordForSelected();
    // Asks for the expiry and download cap of the selected shares and applies them at once.
    void chooseLimitsForSelected();
    // Copies the selected shares' best links (one per line).
    void copySelectedLinks();

    ShareModel &model() { return m_model; }
    // Whether a dropped file's link goes to the clipboard.
    void setCopyLinkOnDrop(std::function<bool()> enabled) { m_copyLinkOnDrop = std::move(enabled); }

Q_SIGNALS:
    void currentShareChanged(const QByteArray &token);
    // A passing message for the status bar.
    void message(const QString &text);

private:
    void setUpActions();
    void handleFilesDropped(const QStringList &paths);
    void handleSelectionChanged();
    void revealSelected();
    void copySelectedPageLinks();
    void copySelectedChecksums();

    Engine &m_engine;
    ServedLinks &m_links;
    std::unique_ptr<Ui::SharesPanel> m_ui;
    ShareModel m_model;
    QSortFilterProxyModel m_proxy;
    std::function<bool()> m_copyLinkOnDrop;
    QList<QAction *> m_selectionActions; // enabled only with a selection
};

} // namespace Sluice
