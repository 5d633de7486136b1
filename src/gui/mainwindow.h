#pragma once

#include <memory>

#include <QMainWindow>
#include <QSortFilterProxyModel>

#include "lanaddresses.h"
#include "sharemodel.h"
#include "transfermodel.h"

namespace Ui {
class MainWindow;
}
class QLabel;
class QSystemTrayIcon;

namespace Sluice {

struct AppOptions;
struct Engine;
class AppSettings;

// The Sluice window. It watches the engine through its models and signals and sends it
// commands; it never touches a socket.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Engine &engine, AppSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Command-line values override the saved settings for this run only.
    void applyCommandLine(const AppOptions &options);
    // Shares the files; returns the tokens of those that could be shared.
    QList<QByteArray> addFiles(const QStringList &paths);
    void startServing();
    void stopServing();
    void cancelSelectedTransfers();

    TransferModel &transferModel() { return m_transferModel; }
    ShareModel &shareModel() { return m_shareModel; }
    // The links of a share, best first, on the addresses being served.
    QList<RankedAddress> servedAddresses() const { return m_servedAddresses; }
    QString bestLink(const QByteArray &token) const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setUpViews();
    void setUpServerControls();
    void setUpTray();
    void restoreState();
    void saveState();

    void handleFilesDropped(const QStringList &paths);
    void handleAddFilesClicked();
    void handleRemoveShareClicked();
    void handleRevealClicked();
    void handleShareSelectionChanged();
    void handleShareChanged(const QByteArray &token);
    void handleTransferFinished(quint64 id);
    void handleChunkControlChanged();
    void handleChunkSizeChanged(qint64 bytes);
    void handleUsePortClicked();

    QList<RankedAddress> rankServedAddresses() const;
    QByteArray selectedShareToken() const;
    void selectShare(const QByteArray &token);
    void updateLinks();
    void updateServerStatus();
    void updateTransferSummary();
    void showError(const QString &message);
    void populateBindChoices();
    void showChunkSize(qint64 bytes);
    qint64 chunkSizeFromControls() const;

    Engine &m_engine;
    AppSettings &m_settings;
    std::unique_ptr<Ui::MainWindow> m_ui;
    ShareModel m_shareModel;
    TransferModel m_transferModel;
    QSortFilterProxyModel m_shareProxy;
    QSortFilterProxyModel m_transferProxy;
    QLabel *m_summaryLabel = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QList<RankedAddress> m_servedAddresses; // best first; empty while not serving
    QString m_serverError;
    quint16 m_offeredPort = 0;
    bool m_updatingChunkControls = false;
};

} // namespace Sluice
