#pragma once

#include <memory>

#include <QGroupBox>

#include "ratelimits.h"

namespace Ui {
class ServerPanel;
}

namespace Sluice {

struct AppOptions;
struct Engine;
class AppSettings;
class ServedLinks;

// The server's settings and state: port, address, chunk size, start/stop, a status line, and
// the window's options. Port and address changes move the listeners while downloads keep
// running on their connections; only stopping the server ends downloads, and it asks first.
class ServerPanel : public QGroupBox
{
    Q_OBJECT
public:
    ServerPanel(Engine &engine, AppSettings &settings, ServedLinks &links,
                QWidget *parent = nullptr);
    ~ServerPanel() override;

    // Command-line values override the saved settings for this run only.
    void applyCommandLine(const AppOptions &options);
    // Serves on the port and address shown; remembers them unless `remember` is false.
    void startServing(bool remember = true);
    // Stops serving; asks first when downloads would be stopped (unless `ask` is false).
    bool stopServing(bool ask = true);
    // Disables the tray option when the desktop has no tray.
    void setTrayAvailable(bool available);
    // Disables the notification option when nothing can show notifications.
    void setNotificationsAvailable(bool available);
    bool copyLinkOnDrop() const;
    bool notifyOnCompletion() const;

Q_SIGNALS:
    void trayIconToggled(bool on);
    // The port chosen is in use by another program (`message` says what to do), or no longer
    // (empty): after every start, move or stop.
    void portInUseChanged(const QString &message);

private:
    void populateBindChoices();
    void handlePortEdited();
    void handleBindChosen();
    // Asks before moving a server that has downloads running; true to go ahead.
    bool confirmMove();
    void handleUsePortClicked();
    void handleChunkControlChanged();
    void handleChunkUnitChanged(int unitIndex);
    void showChunkSize(qint64 bytes);
    // The upload caps, live: every change applies to running downloads at once.
    void showRateLimits(const RateLimits &limits);
    void handleRateControlChanged();
    qint64 chunkSizeFromControls() const;
    QString chosenBindAddress() const;
    void updateStatus();

    Engine &m_engine;
    AppSettings &m_settings;
    ServedLinks &m_links;
    std::unique_ptr<Ui::ServerPanel> m_ui;
    QString m_error;
    quint16 m_thisRunOnlyPort = 0; // taken with "Use port N": never saved
    quint16 m_offeredPort = 0;
    quint16 m_refusedPort = 0; // the last port that could not be had
    QString m_boundAddress; // the address in force ("" for all), to ignore re-selecting it
    bool m_updatingChunkControls = false;
    bool m_confirmingMove = false;
    bool m_updatingRateControls = false;
};

} // namespace Sluice
