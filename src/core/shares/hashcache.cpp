#include "hashcache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace Sluice {
namespace {

constexpr qsizetype sha256Bytes = 32;
// Past this many lines the file is rewritten with what it holds now: a long-running desktop
// session that shares many versions of one file should not grow it for ever.
constexpr qsizetype compactAfterLines = 4'096;

} // namespace

HashCache::HashCache(QString filePath)
    : m_filePath(std::move(filePath))
{
}

QString HashCache::defaultPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return folder.isEmpty() ? QString() : folder + QStringLiteral("/sha256-cache");
}

QByteArray HashCache::keyOf(const BlobIdentity &identity)
{
    return QByteArray::number(identity.device) + ' ' + QByteArray::number(identity.inode) + ' '
        + QByteArray::number(identity.size) + ' ' + QByteArray::number(identity.mtimeNs);
}

void HashCache::loadOnce()
{
    if (m_loaded)
        return;
    m_loaded = true;
    if (m_filePath.isEmpty())
        return;
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return;
    qsizetype lines = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lines;
        // "device inode size mtimeNs hex"
        const qsizetype lastSpace = line.lastIndexOf(' ');
        if (lastSpace <= 0)
            continue;
        const QByteArray digest = QByteArray::fromHex(line.sliced(lastSpace + 1));
        if (digest.size() == sha256Bytes)
            m_digests.insert(line.first(lastSpace), digest);
    }
    file.close();
    if (lines > compactAfterLines && file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        for (auto it = m_digests.cbegin(); it != m_digests.cend(); ++it)
            file.write(it.key() + ' ' + it.value().toHex() + '\n');
    }
}

std::optional<QByteArray> HashCache::find(const BlobIdentity &identity)
{
    QMutexLocker locker(&m_mutex);
    loadOnce();
    const auto it = m_digests.constFind(keyOf(identity));
    if (it == m_digests.cend())
        return std::nullopt;
    return *it;
}

void HashCache::store(const BlobIdentity &identity, const QByteArray &sha256)
{
    QMutexLocker locker(&m_mutex);
    loadOnce();
    const QByteArray key = keyOf(identity);
    m_digests.insert(key, sha256);
    if (m_filePath.isEmpty())
        return;
    QDir().mkpath(QFileInfo(m_filePath).path());
    QFile file(m_filePath);
    if (file.open(QIODevice::WriteOnly | QIODevice::Append))
        file.write(key + ' ' + sha256.toHex() + '\n');
}

} // namespace Sluice
