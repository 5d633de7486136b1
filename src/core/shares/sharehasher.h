#pragma once

#include <memory>

#include <QByteArray>
#include <QHash>
#include <QObject>

#include "blobidentity.h"

namespace Sluice {

class FileWorkers;
class HashCache;

// Computes the SHA-256 of each share's current version in the background, on the file
// workers, one slice per job: a long file neither blocks the event loop nor holds its device's
// queue, so downloads from the same disk keep their turns. A version found in the cache is
// answered without reading.
class ShareHasher : public QObject
{
    Q_OBJECT
public:
    // The cache is shared with the slices under way, which may outlive this object.
    ShareHasher(FileWorkers &workers, std::shared_ptr<HashCache> cache, QObject *parent = nullptr);
    ~ShareHasher() override;

    static constexpr qint64 sliceBytes = 16 << 20;

    // Starts hashing `identity`'s version of the share's file, replacing a pass under way.
    void start(const QByteArray &token, const QByteArray &encodedPath,
               const BlobIdentity &identity);
    void cancel(const QByteArray &token);
    // A pass for exactly this version is under way.
    bool isHashing(const QByteArray &token, const BlobIdentity &identity) const;

Q_SIGNALS:
    void progressed(const QByteArray &token, qint64 bytesHashed);
    void hashed(const QByteArray &token, const BlobIdentity &identity, const QByteArray &sha256);
    // The version changed or could not be read: no digest for it.
    void abandoned(const QByteArray &token, const BlobIdentity &identity);

private:
    struct Run;
    void runSlice(const QByteArray &token, const std::shared_ptr<Run> &run);
    void handleSlice(const QByteArray &token, const std::shared_ptr<Run> &run);

    FileWorkers &m_workers;
    std::shared_ptr<HashCache> m_cache;
    QHash<QByteArray, std::shared_ptr<Run>> m_runs;
};

} // namespace Sluice
