#pragma once

#include <QByteArray>
#include <QCryptographicHash>

#include "blobidentity.h"

namespace Sluice {

// One read of one version of a file that feeds every digest Sluice publishes for it (SHA-256;
// another digest is one more member fed the same blocks). It runs in slices on a file worker,
// so a long file never holds a worker, or the device's queue, for long. Not thread-safe: one
// slice at a time.
class HashPass
{
public:
    HashPass(QByteArray encodedPath, const BlobIdentity &identity);
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
    QByteArray sha256() const { return m_sha256.result(); } // after Done
    // Closes the file of a pass given up on (a later step opens it again).
    void close();

private:
    QByteArray m_encodedPath;
    BlobIdentity m_identity;
    int m_fd = -1;
    qint64 m_offset = 0;
    QCryptographicHash m_sha256 {QCryptographicHash::Sha256};
    QByteArray m_buffer;
};

} // namespace Sluice
