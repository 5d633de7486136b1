#pragma once

#include <QProcess>
#include <QString>

namespace SluiceTest {

// A private D-Bus session bus: a dbus-daemon of the test's own, its address exported as
// DBUS_SESSION_BUS_ADDRESS for everything the process (and its children) connect to after it.
// Start it before anything uses QDBusConnection::sessionBus().
class PrivateSessionBus
{
public:
    PrivateSessionBus();
    ~PrivateSessionBus();

    bool isValid() const { return !m_address.isEmpty(); }
    QString address() const { return m_address; }
    QString errorString() const { return m_error; }

private:
    QProcess m_daemon;
    QString m_address;
    QString m_error;
};

} // namespace SluiceTest
