#include "desktopnotifications.h"

#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QLoggingCategory>

#include "notificationsinterface.h"

Q_DECLARE_LOGGING_CATEGORY(lcGui)

namespace Sluice {
namespace {

const QString defaultAction = QStringLiteral("default");
constexpr int serverDefaultTimeout = -1;
constexpr uchar normalUrgency = 1;
// Ids of notifications that may still be clicked; a server that never reports them closed
// must not make the list grow without end.
constexpr qsizetype rememberedNotifications = 256;

QString service()
{
    return QString::fromLatin1(DesktopNotifications::serviceName);
}

} // namespace

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_server(std::make_unique<OrgFreedesktopNotificationsInterface>(
          service(), QStringLiteral("/org/freedesktop/Notifications"), m_bus))
{
    if (!m_bus.isConnected())
        return; // no session bus: never available
    connect(m_server.get(), &OrgFreedesktopNotificationsInterface::ActionInvoked, this,
            &DesktopNotifications::handleActionInvoked);
    connect(m_server.get(), &OrgFreedesktopNotificationsInterface::NotificationClosed, this,
            [this](uint id, uint) { handleClosed(id); });
    m_watcher
        = new QDBusServiceWatcher(service(), m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) {
                setPresence(!newOwner.isEmpty(), m_activatable);
            });
    lookForService();
}

DesktopNotifications::~DesktopNotifications() = default;

void DesktopNotifications::lookForService()
{
    // Asked without waiting: the window must not hang on a slow bus.
    QDBusConnectionInterface *bus = m_bus.interface();
    auto *owner = new QDBusPendingCallWatcher(
        bus->asyncCall(QStringLiteral("NameHasOwner"), service()), this);
    connect(owner, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *call) {
        const QDBusPendingReply<bool> reply = *call;
        setPresence(reply.isValid() && reply.value(), m_activatable);
        call->deleteLater();
    });
    auto *activatable
        = new QDBusPendingCallWatcher(bus->asyncCall(QStringLiteral("ListActivatableNames")), this);
    connect(activatable, &QDBusPendingCallWatcher::finished, this,
            [this](QDBusPendingCallWatcher *call) {
                const QDBusPendingReply<QStringList> reply = *call;
                setPresence(m_owned, reply.isValid() && reply.value().contains(service()));
                call->deleteLater();
            });
}

void DesktopNotifications::setPresence(bool owned, bool activatable)
{
    const bool wasAvailable = isAvailable();
    m_owned = owned;
    m_activatable = activatable;
    if (isAvailable() != wasAvailable)
        Q_EMIT availabilityChanged(isAvailable());
}

void DesktopNotifications::show(const QString &summary, const QString &body,
                                const QString &category, quint64 cookie)
{
    const QVariantMap hints {
        {QStringLiteral("desktop-entry"), QStringLiteral("sluice")},
        {QStringLiteral("category"), category},
        {QStringLiteral("urgency"), QVariant::fromValue(normalUrgency)},
    };
    const QStringList actions {defaultAction, tr("Show")};
    auto *call = new QDBusPendingCallWatcher(
        m_server->Notify(QStringLiteral("Sluice"), 0, QStringLiteral("sluice"), summary, body,
                         actions, hints, serverDefaultTimeout),
        this);
    connect(call, &QDBusPendingCallWatcher::finished, this,
            [this, summary, body, cookie](QDBusPendingCallWatcher *finished) {
                const QDBusPendingReply<uint> reply = *finished;
                finished->deleteLater();
                if (reply.isError()) {
                    qCWarning(lcGui, "The notification server refused a notification: %s",
                              qPrintable(reply.error().message()));
                    Q_EMIT failed(summary, body, cookie);
                    return;
                }
                remember(reply.value(), cookie);
            });
}

void DesktopNotifications::remember(uint id, quint64 cookie)
{
    if (!m_cookies.contains(id))
        m_shownOrder.append(id);
    m_cookies.insert(id, cookie);
    while (m_shownOrder.size() > rememberedNotifications)
        m_cookies.remove(m_shownOrder.takeFirst());
}

void DesktopNotifications::handleActionInvoked(uint id, const QString &action)
{
    const auto cookie = m_cookies.constFind(id);
    // Ids are the server's, shared by every application on the bus: only ours count.
    if (action != defaultAction || cookie == m_cookies.constEnd())
        return;
    Q_EMIT activated(*cookie);
}

void DesktopNotifications::handleClosed(uint id)
{
    if (m_cookies.remove(id))
        m_shownOrder.removeOne(id);
}

} // namespace Sluice
