#pragma once

#include <QObject>

class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace Sluice {

class TransferTracker;

// The tray icon (where the desktop has one): the number of active transfers in its tooltip,
// a balloon message where the desktop has no notification server, and a menu to show the window
// or quit.
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
    void updateSummary();
    // Shows a balloon from the tray icon; false when the icon is not shown.
    bool showMessage(const QString &title, const QString &message, bool warning);

Q_SIGNALS:
    void showRequested();
    void quitRequested();
    void messageClicked();

private:
    TransferTracker &m_transfers;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
};

} // namespace Sluice
