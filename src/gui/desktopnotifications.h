#pragma once

#include <memory>

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>

class OrgFreedesktopNotificationsInterface;
class QDBusServiceWatcher;

namespace Sluice {

// The desktop's notification server (org.freedesktop.Notifications, the Desktop Notifications
// Specification) on a D-Bus connection. A notification carries a cookie of the caller's; a
// click on it (its "default" action) comes back as activated(cookie). The server counts as
// available while its name has an owner on the bus or the bus can start it; otherwise the
// caller shows the message some other way.
class DesktopNotifications : public QObject
{
    Q_OBJECT
public:
    static constexpr auto serviceName = "org.freedesktop.Notifications";

    explicit DesktopNotifications(const QDBusConnection &bus, QObject *parent = nullptr);
    ~DesktopNotifications() override;

    bool isAvailable() const { return m_owned || m_activatable; }
    // `category` is one of the specification's ("transfer.complete", "network.error"…).
    void show(const QString &summary, const QString &body, const QString &category, quint64 cookie);

Q_SIGNALS:
    void availabilityChanged(bool available);
    void activated(quint64 cookie);
    // The server refused it or did not answer: the notification was not shown.
    void failed(const QString &summary, const QString &body, quint64 cookie);

private:
    void lookForService();
    void setPresence(bool owned, bool activatable);
    void remember(uint id, quint64 cookie);
    void handleActionInvoked(uint id, const QString &action);
    void handleClosed(uint id);

    QDBusConnection m_bus;
    std::unique_ptr<OrgFreedesktopNotificationsInterface> m_server;
    QDBusServiceWatcher *m_watcher = nullptr;
    QHash<uint, quint64> m_cookies; // by notification id, until it is closed
    QList<uint> m_shownOrder; // oldest first, to forget servers that never say "closed"
    bool m_owned = false;
    bool m_activatable = false;
};

} // namespace Sluice
