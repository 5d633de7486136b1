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
    connect(&m_transfers, &TransferTracker::transferFinished, this,
            &Notifier::handleTransferFinished);
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
    m_tray->setToolTip(active == 1 ? tr("Sluice: 1 active transfer")
                                   : tr("Sluice: %1 active transfers").arg(active));
}

void Notifier::handleTransferFinished(quint64 id)
{
    const Transfer *transfer = m_transfers.find(id);
    if (!transfer || transfer->state != Transfer::State::Completed || !isVisible()
        || (m_notify && !m_notify()))
        return;
    m_tray->showMessage(
        tr("Download complete"),
        tr("%1 finished downloading %2").arg(transfer->peerAddress.toString(), transfer->fileName));
}

} // namespace Sluice
