#include "notifier.h"

#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

#include "transfertracker.h"

namespace Sluice {

Notifier::Notifier(TransferTracker &transfers, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_transfers(transfers)
{
    // The menu exists without a tray too, so that its commands are the same objects everywhere.
    m_menu = new QMenu(window);
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->addAction(tr("&Show Sluice"), this, &Notifier::showRequested);
    m_menu->addAction(tr("&Quit"), this, &Notifier::quitRequested)
        ->setObjectName(QStringLiteral("trayQuitAction"));
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(window->windowIcon(), this);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::messageClicked);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason why) {
                if (why == QSystemTrayIcon::Trigger || why == QSystemTrayIcon::DoubleClick)
                    Q_EMIT showRequested();
            });
    updateSummary();
}

Notifier::~Notifier() = default;

bool Notifier::isVisible() const
{
    return m_tray && m_tray->isVisible();
}

void Notifier::setVisible(bool visible)
{
    if (m_tray)
        m_tray->setVisible(visible);
}

void Notifier::updateSummary()
{
    if (!m_tray)
        return;
    const int active = m_transfers.activeCount();
    m_tray->setToolTip(tr("Sluice: %n active transfer(s)", nullptr, active));
}

bool Notifier::showMessage(const QString &title, const QString &message, bool warning)
{
    if (!isVisible())
        return false;
    m_tray->showMessage(title, message,
                        warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    return true;
}

} // namespace Sluice
