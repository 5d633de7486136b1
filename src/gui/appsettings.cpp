#include "appsettings.h"

#include "serversettings.h"

namespace Sluice {

AppSettings::AppSettings() = default;

AppSettings::AppSettings(const QString &fileName)
    : m_settings(fileName, QSettings::IniFormat)
{
}

quint16 AppSettings::port() const
{
    const int port
        = m_settings.value(QStringLiteral("server/port"), ServerSettings::defaultPort).toInt();
    return port > 0 && port <= 65535 ? quint16(port) : ServerSettings::defaultPort;
}

void AppSettings::setPort(quint16 port)
{
    m_settings.setValue(QStringLiteral("server/port"), port);
}

QHostAddress AppSettings::bindAddress() const
{
    return QHostAddress(m_settings.value(QStringLiteral("server/bind")).toString());
}

void AppSettings::setBindAddress(const QHostAddress &address)
{
    m_settings.setValue(QStringLiteral("server/bind"),
                        address.isNull() ? QString() : address.toString());
}

qint64 AppSettings::chunkSize() const
{
    const qint64 bytes
        = m_settings.value(QStringLiteral("server/chunkSize"), ServerSettings::defaultChunkSize)
              .toLongLong();
    return ServerSettings::isValidChunkSize(bytes) ? bytes : ServerSettings::defaultChunkSize;
}

void AppSettings::setChunkSize(qint64 bytes)
{
    m_settings.setValue(QStringLiteral("server/chunkSize"), bytes);
}

namespace {

// A saved cap below the engine's smallest is no cap: a hand-edited file cannot stall serving.
qint64 validRate(qint64 bytesPerSecond)
{
    return bytesPerSecond >= RateLimits::minRate ? bytesPerSecond : 0;
}

} // namespace

qint64 AppSettings::totalRate() const
{
    return validRate(m_settings.value(QStringLiteral("server/totalRate"), 0).toLongLong());
}

void AppSettings::setTotalRate(qint64 bytesPerSecond)
{
    m_settings.setValue(QStringLiteral("server/totalRate"), validRate(bytesPerSecond));
}

qint64 AppSettings::clientRate() const
{
    return validRate(m_settings.value(QStringLiteral("server/clientRate"), 0).toLongLong());
}

void AppSettings::setClientRate(qint64 bytesPerSecond)
{
    m_settings.setValue(QStringLiteral("server/clientRate"), validRate(bytesPerSecond));
}

bool AppSettings::copyLinkOnDrop() const
{
    return m_settings.value(QStringLiteral("ui/copyLinkOnDrop"), true).toBool();
}

void AppSettings::setCopyLinkOnDrop(bool on)
{
    m_settings.setValue(QStringLiteral("ui/copyLinkOnDrop"), on);
}

bool AppSettings::qrShowsPage() const
{
    return m_settings.value(QStringLiteral("ui/qrShowsPage"), true).toBool();
}

void AppSettings::setQrShowsPage(bool on)
{
    m_settings.setValue(QStringLiteral("ui/qrShowsPage"), on);
}

bool AppSettings::trayIcon() const
{
    return m_settings.value(QStringLiteral("ui/trayIcon"), true).toBool();
}

void AppSettings::setTrayIcon(bool on)
{
    m_settings.setValue(QStringLiteral("ui/trayIcon"), on);
}

bool AppSettings::notifyOnCompletion() const
{
    return m_settings.value(QStringLiteral("ui/notifyOnCompletion"), true).toBool();
}

void AppSettings::setNotifyOnCompletion(bool on)
{
    m_settings.setValue(QStringLiteral("ui/notifyOnCompletion"), on);
}

bool AppSettings::rememberShares() const
{
    return m_settings.value(QStringLiteral("shares/remember"), true).toBool();
}

void AppSettings::setRememberShares(bool on)
{
    m_settings.setValue(QStringLiteral("shares/remember"), on);
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings.value(QStringLiteral("ui/geometry")).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &state)
{
    m_settings.setValue(QStringLiteral("ui/geometry"), state);
}

QByteArray AppSettings::headerState(const QString &view) const
{
    return m_settings.value(QStringLiteral("ui/header/") + view).toByteArray();
}

void AppSettings::setHeaderState(const QString &view, const QByteArray &state)
{
    m_settings.setValue(QStringLiteral("ui/header/") + view, state);
}

QByteArray AppSettings::splitterState() const
{
    return m_settings.value(QStringLiteral("ui/splitter")).toByteArray();
}

void AppSettings::setSplitterState(const QByteArray &state)
{
    m_settings.setValue(QStringLiteral("ui/splitter"), state);
}

} // namespace Sluice
