#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QLocalServer>
#include <QObject>
#include <QStringList>

namespace Sluice {

// The window's door for later starts of `sluice FILE...`: a local socket in the user's runtime
// folder. The first window claims it; a later start hands its files through it and exits, so one
// server keeps one port and one set of links.
class InstanceChannel : public QObject
{
    Q_OBJECT
public:
    // $XDG_RUNTIME_DIR/sluice.socket (Qt falls back to a private folder under /tmp).
    static QString defaultSocketPath();

    explicit InstanceChannel(QString socketPath, QObject *parent = nullptr);

    enum class Claim {
        Claimed, // this process now receives the files of later starts
        AnotherAnswers, // a running window has the socket: hand over to it
        Failed, // no single instance (say, the runtime folder is not writable); errorString()
    };
    // Listens on the socket, replacing one that nobody answers on (left by a crashed window).
    Claim claim();
    QString errorString() const { return m_error; }

    // Whether a window listens on the socket now.
    static bool anotherAnswers(const QString &socketPath);
    // Gives the files (made absolute: the window runs in another folder) to the window listening
    // on the socket and waits for it to take them. False when none answers. `rules` (a share's
    // policies as ShareRules writes them: --expires, --max-downloads) apply to those files.
    static bool handOver(const QString &socketPath, const QStringList &files,
                         const QByteArray &activationToken, const QJsonObject &rules = {});

Q_SIGNALS:
    // A later start asked for these files to be shared (possibly none: it wants the window).
    // The token, when the desktop gave one, lets the window come to the front under Wayland.
    void filesHandedOver(const QStringList &absolutePaths, const QByteArray &activationToken,
                         const QJsonObject &rules);

private:
    void handleNewConnection();

    QString m_socketPath;
    QLocalServer m_server;
    QString m_error;
};

} // namespace Sluice
