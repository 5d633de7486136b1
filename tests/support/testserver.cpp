#include "testserver.h"

#include <QFile>
#include <QRandomGenerator>

namespace SluiceTest {

TestServer::TestServer(Sluice::ServerSettings settings)
{
    server.setSettings(settings);
    transfers.setProgressInterval(std::chrono::milliseconds(50));
}

Sluice::ServerSettings TestServer::defaultSettings()
{
    Sluice::ServerSettings settings;
    settings.bindAddresses = {QHostAddress(QHostAddress::LocalHost)};
    settings.port = 0;
    settings.chunkSize = 64 * 1024;
    return settings;
}

bool TestServer::start()
{
    return server.start();
}

QByteArray TestServer::patternBytes(qint64 size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    const qsizetype words = size / 4;
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), words);
    for (qsizetype i = words * 4; i < size; ++i)
        bytes[i] = char(generator.generate());
    return bytes;
}

bool TestServer::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray TestServer::shareNewFile(const QString &name, qint64 size)
{
    const QString path = dir.filePath(name);
    if (!writeFile(path, patternBytes(size, quint32(qHash(name)))))
        return {};
    return shareExistingFile(path);
}

QByteArray TestServer::shareExistingFile(const QString &path)
{
    return shares.addFile(path).token;
}

QByteArray TestServer::contentOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace SluiceTest
