#include "sessionbus.h"

#include <QStandardPaths>

namespace SluiceTest {

PrivateSessionBus::PrivateSessionBus()
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty()) {
        m_error = QStringLiteral("dbus-daemon is not installed (Debian: dbus)");
        return;
    }
    m_daemon.setProgram(daemon);
    m_daemon.setArguments({QStringLiteral("--session"), QStringLiteral("--nofork"),
                           QStringLiteral("--print-address=1")});
    m_daemon.setProcessChannelMode(QProcess::SeparateChannels);
    m_daemon.start();
    if (!m_daemon.waitForStarted(10'000)) {
        m_error = m_daemon.errorString();
        return;
    }
    // The address is the first line it prints once it listens.
    while (!m_daemon.canReadLine() && m_daemon.waitForReadyRead(10'000)) { }
    const QString address = QString::fromLocal8Bit(m_daemon.readLine()).trimmed();
    if (address.isEmpty()) {
        m_error = QStringLiteral("dbus-daemon printed no address: ")
            + QString::fromLocal8Bit(m_daemon.readAllStandardError());
        return;
    }
    m_address = address;
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toLocal8Bit());
}

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        if (!m_daemon.waitForFinished(5'000))
            m_daemon.kill();
        m_daemon.waitForFinished(5'000);
    }
}

} // namespace SluiceTest
