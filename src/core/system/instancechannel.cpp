#include "instancechannel.h"

#include <chrono>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcInstance, "sluice.instance", QtInfoMsg)

namespace Sluice {
namespace {

// A window answers within milliseconds; a hung one must not keep a new start waiting for long.
constexpr std::chrono::milliseconds connectTimeout {1'000};
constexpr std::chrono::milliseconds answerTimeout {5'000};
constexpr qint64 maxMessageBytes = 1024 * 1024;
const QByteArray acknowledgement = QByteArrayLiteral("ok\n");

QByteArray encodeRequest(const QStringList &files, const QByteArray &activationToken,
                         const QJsonObject &rules)
{
    QJsonObject message;
    message.insert(QStringLiteral("files"), QJsonArray::fromStringList(files));
    message.insert(QStringLiteral("activationToken"), QString::fromUtf8(activationToken));
    if (!rules.isEmpty())
        message.insert(QStringLiteral("rules"), rules);
    return QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
}

bool connectTo(QLocalSocket &socket, const QString &socketPath)
{
    socket.connectToServer(socketPath);
    return socket.waitForConnected(int(connectTimeout.count()));
}

} // namespace

QString InstanceChannel::defaultSocketPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation)
        + QStringLiteral("/sluice.socket");
}

InstanceChannel::InstanceChannel(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
{
    // No socket options: with them Qt binds elsewhere and renames the socket over the path,
    // replacing a running window's socket instead of failing with AddressInUseError. The
    // runtime folder is the user's alone (0700) anyway.
    connect(&m_server, &QLocalServer::newConnection, this, &InstanceChannel::handleNewConnection);
}

InstanceChannel::Claim InstanceChannel::claim()
{
    if (m_server.listen(m_socketPath))
        return Claim::Claimed;
    if (m_server.serverError() != QAbstractSocket::AddressInUseError) {
        m_error = m_server.errorString();
        return Claim::Failed;
    }
    if (anotherAnswers(m_socketPath))
        return Claim::AnotherAnswers;
    // Nobody listens behind the file: a window that crashed or was killed left it.
    qCInfo(lcInstance, "replacing the stale socket %s", qPrintable(m_socketPath));
    QLocalServer::removeServer(m_socketPath);
    if (m_server.listen(m_socketPath))
        return Claim::Claimed;
    m_error = m_server.errorString();
    return m_server.serverError() == QAbstractSocket::AddressInUseError
            && anotherAnswers(m_socketPath)
        ? Claim::AnotherAnswers // another start won the race since
        : Claim::Failed;
}

bool InstanceChannel::anotherAnswers(const QString &socketPath)
{
    QLocalSocket socket;
    return connectTo(socket, socketPath);
}

bool InstanceChannel::handOver(const QString &socketPath, const QStringList &files,
                               const QByteArray &activationToken, const QJsonObject &rules)
{
    QStringList absolute;
    for (const QString &file : files)
        absolute.append(QFileInfo(file).absoluteFilePath());
    QLocalSocket socket;
    if (!connectTo(socket, socketPath))
        return false;
    socket.write(encodeRequest(absolute, activationToken, rules));
    if (!socket.waitForBytesWritten(int(answerTimeout.count())))
        return false;
    // The window answers once it has the files, so this start exits only when they are in.
    QByteArray answer;
    while (!answer.endsWith('\n') && socket.waitForReadyRead(int(answerTimeout.count())))
        answer += socket.readAll();
    return answer == acknowledgement;
}

void InstanceChannel::handleNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > maxMessageBytes) {
                socket->abort();
                return;
            }
            if (!socket->canReadLine())
                return;
            const QJsonObject message = QJsonDocument::fromJson(socket->readLine()).object();
            QStringList files;
            for (const QJsonValue &file : message.value(QStringLiteral("files")).toArray()) {
                // Only absolute paths: a relative one would name a file in this process's folder.
                if (const QString path = file.toString(); QDir::isAbsolutePath(path))
                    files.append(path);
            }
            const QByteArray token
                = message.value(QStringLiteral("activationToken")).toString().toUtf8();
            Q_EMIT filesHandedOver(files, token, message.value(QStringLiteral("rules")).toObject());
            socket->write(acknowledgement);
            socket->flush();
            socket->disconnectFromServer();
        });
    }
}

} // namespace Sluice
