#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include "blobidentity.h"

namespace Sluice {

// SHA-256s of file versions already read, keyed by device, inode, size and modification time,
// kept in a file under the user's cache folder: sharing the same file again needs no second
// read, and a file that changed has another key. Used from file workers (the cache file is
// read and appended to there), so it is thread-safe.
class HashCache
{
public:
    // `filePath` empty: kept in memory only.
    explicit HashCache(QString filePath);
    // "<cache folder>/sha256-cache" (QStandardPaths::CacheLocation); computed, not touched.
    static QString defaultPath();

    std::optional<QByteArray> find(const BlobIdentity &identity);
    void store(const BlobIdentity &identity, const QByteArray &sha256);

private:
    static QByteArray keyOf(const BlobIdentity &identity);
    void loadOnce(); // with m_mutex held

    QMutex m_mutex;
    QString m_filePath;
    bool m_loaded = false;
    QHash<QByteArray, QByteArray> m_digests; // key -> raw 32 bytes
};

} // namespace Sluice
