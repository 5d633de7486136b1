#pragma once

#include <functional>

#include <QByteArray>
#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>

#include "notificationpacer.h"

namespace Sluice {

struct Engine;
class DesktopNotifications;
class Notifier;

// Tells the user when a client has downloaded a whole share (once per client, however many
// connections it used) and when the server meets a problem that needs them: through the
// desktop's notification server, or the tray's balloon where there is none; at most one
// notification a second. A click asks the window to show what it was about.
class NotificationCenter : public QObject
{
    Q_OBJECT
public:
    NotificationCenter(Engine &engine, const QDBusConnection &bus, Notifier &tray,
                       QObject *parent = nullptr);
    ~NotificationCenter() override;

    // Whether completed downloads are announced (problems always are).
    void setCompletionsEnabled(std::function<bool()> enabled)
    {
        m_completions = std::move(enabled);
    }
    // A notification server answers on the bus, or the tray shows balloons.
    bool canNotify() const;
    DesktopNotifications &desktop() { return *m_desktop; }

Q_SIGNALS:
    void availabilityChanged();
    // The user clicked a notification: show the transfer (when still listed) or the share.
    void openRequested(quint64 transferId, const QByteArray &shareToken);

private:
    void handleDownloadCompleted(const QByteArray &token, quint64 transferId);
    void handleProblem(const QString &summary, const QString &reason);
    void deliver(const Notice &notice);
    void showInTray(const Notice &notice, quint64 cookie);
    void open(quint64 cookie);

    Engine &m_engine;
    Notifier &m_tray;
    DesktopNotifications *m_desktop = nullptr;
    NotificationPacer m_pacer;
    std::function<bool()> m_completions;
    QHash<quint64, Notice> m_shown; // by cookie, while they may still be clicked
    QList<quint64> m_shownOrder; // oldest first
    quint64 m_nextCookie = 1;
    quint64 m_trayCookie = 0; // the balloon the tray shows
};

} // namespace Sluice
