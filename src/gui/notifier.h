#pragma once

#include <functional>

#include <QObject>

class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace Sluice {

class TransferTracker;

// The tray icon (where the desktop has one): the number of active transfers in its tooltip,
// a message when a download completes, and a menu to show the window or quit.
class Notifier : public QObject
{
    Q_OBJECT
public:
    Notifier(TransferTracker &transfers, QWidget *window, QObject *parent = nullptr);
    ~Notifier() override;

    bool isAvailable() const { return m_tray != nullptr; }
    // Shown and able to keep Sluice running while the window is hidden.
    bool isVisible() const;
    void setVisible(bool visible);
    void setNotifyOnCompletion(std::function<bool()> enabled) { m_notify = std::move(enabled); }
    void updateSummary();

Q_SIGNALS:
    void showRequested();
    void quitRequested();

private:
    void handleTransferFinished(quint64 id);

    TransferTracker &m_transfers;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    std::function<bool()> m_notify;
};

} // namespace Sluice
