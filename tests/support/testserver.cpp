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

QByteArray TestServer::shareNewFile(const QString &name, qint64 size)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(patternBytes(size, quint32(qHash(name))));
    file.close();
    return shareExistingFile(file.fileName());
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
