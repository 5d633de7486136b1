#pragma once

#include <QByteArray>
#include <QFlags>

#include "blobidentity.h"
#include "sha256digest.h"

namespace Sluice {

// One read of one version of a file that feeds every digest Sluice needs of it: the SHA-256 a
// share publishes, the CRC-32 a folder archive's member needs. It runs in slices on a file worker,
// so a long file never holds a worker, or the device's queue, for long. Not thread-safe: one
// slice at a time.
class HashPass
{
public:
    enum class Digest {
        Sha256 = 0x1,
        Crc32 = 0x2,
    };
    Q_DECLARE_FLAGS(Digests, Digest)

    HashPass(QByteArray encodedPath, const BlobIdentity &identity,
             Digests digests = Digest::Sha256);
    ~HashPass();
    HashPass(const HashPass &) = delete;
    HashPass &operator=(const HashPass &) = delete;

    enum class Step {
        More, // the slice is read; call again
        Done, // the whole version is read, and it did not change meanwhile
        Changed, // the path names another file or version, or it changed while being read
        Failed, // it could not be opened or read
    };
    // Reads up to `maxBytes` more; on a worker thread (it waits on the disk).
    Step step(qint64 maxBytes);
    qint64 bytesRead() const { return m_offset; }
    const BlobIdentity &identity() const { return m_identity; }
    QByteArray sha256() const { return m_sha256Result; } // after Done
    quint32 crc32() const { return m_crc32; } // after Done
    // After Changed: whether the file ended before the version's size.
    bool truncated() const { return m_truncated; }
    // After Failed: the errno of the open or read that failed.
    int systemError() const { return m_systemError; }
    // Closes the file of a pass given up on (a later step opens it again).
    void close();

private:
    QByteArray m_encodedPath;
    BlobIdentity m_identity;
    Digests m_digests;
    int m_fd = -1;
    qint64 m_offset = 0;
    Sha256Digest m_sha256;
    QByteArray m_sha256Result;
    quint32 m_crc32 = 0;
    bool m_truncated = false;
    int m_systemError = 0;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(HashPass::Digests)

} // namespace Sluice
