#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QSettings>

namespace Sluice {

// The window's persistent settings, through QSettings.
class AppSettings
{
public:
    AppSettings(); // the user's settings file
    explicit AppSettings(const QString &fileName); // a given file (tests)

    quint16 port() const;
    void setPort(quint16 port);
    QHostAddress bindAddress() const; // null: every address
    void setBindAddress(const QHostAddress &address);
    qint64 chunkSize() const;
    void setChunkSize(qint64 bytes);
    // Upload caps in bytes per second (0: none), applied when the window starts.
    qint64 totalRate() const;
    void setTotalRate(qint64 bytesPerSecond);
    qint64 clientRate() const;
    void setClientRate(qint64 bytesPerSecond);
    bool copyLinkOnDrop() const;
    void setCopyLinkOnDrop(bool on);
    // The QR code holds the share's page (on, the default) or its direct link.
    bool qrShowsPage() const;
    void setQrShowsPage(bool on);
    bool trayIcon() const;
    void setTrayIcon(bool on);
    bool notifyOnCompletion() const;
    void setNotifyOnCompletion(bool on);
    // Off: the shares are forgotten when Sluice quits instead of restored at the next start.
    bool rememberShares() const;
    void setRememberShares(bool on);
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &state);
    QByteArray headerState(const QString &view) const;
    void setHeaderState(const QString &view, const QByteArray &state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);
    void sync() { m_settings.sync(); }

private:
    QSettings m_settings;
};

} // namespace Sluice
