#pragma once

#include <memory>

#include <QTemporaryDir>

#include "blobserver.h"
#include "shareregistry.h"
#include "transfertracker.h"

namespace SluiceTest {

// A real server on 127.0.0.1 (or another loopback address), port 0, over a temporary folder.
class TestServer
{
public:
    explicit TestServer(Sluice::ServerSettings settings = defaultSettings());

    static Sluice::ServerSettings defaultSettings();
    bool start();
    quint16 port() const { return server.port(); }

    // Writes a file of `size` deterministic pseudo-random bytes and shares it.
    QByteArray shareNewFile(const QString &name, qint64 size);
    QByteArray shareExistingFile(const QString &path);
    QString pathOf(const QString &name) const { return dir.filePath(name); }
    QByteArray linkPath(const QByteArray &token) const { return shares.find(token)->linkPath(); }
    static QByteArray contentOf(const QString &path);
    static bool writeFile(const QString &path, const QByteArray &bytes);
    static QByteArray patternBytes(qint64 size, quint32 seed = 1);

    QTemporaryDir dir;
    Sluice::ShareRegistry shares {nullptr, QString()}; // digests cached in memory only
    Sluice::TransferTracker transfers;
    Sluice::BlobServer server {shares, transfers};
};

} // namespace SluiceTest
