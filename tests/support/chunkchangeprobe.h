#pragma once

#include <functional>

#include <QByteArray>
#include <QString>

namespace Sluice {
class TransferTracker;
}

namespace SluiceTest {

// Where a download ended that was cut short, after a chunk-size change, by a change to its file.
// Sluice checks the file before each chunk, and sends what is left of a chunk without a new
// check, so such a download ends exactly at the end of a chunk: the body's length tells which
// chunk sizes were used.
struct ChunkChange
{
    // Body bytes at which the chunk being sent at the change ended. A file worker may have been
    // bringing in the next one at the old size then: it goes out as it is, so the old chunks
    // end here or one old chunk later.
    qint64 oldChunksEnd = -1;
    qint64 oldChunkSize = 0;
    qint64 endedAt = -1; // body bytes sent when the modified file ended the download
    QString failure; // why the download could not be followed; empty when it could

    // True when everything sent after the old chunks came in whole chunks of `chunkSize`. The
    // sizes are chosen so that whole chunks of one size never add up to whole chunks of the
    // other, so the allowance of one prepared old chunk cannot hide an ignored new size.
    bool continuedInChunksOf(qint64 chunkSize) const;
    // The counts, in chunks of `chunkSize`, for a failure message.
    QString describe(qint64 chunkSize) const;
};

// Downloads `link` (the share of `path`, a file of tens of MiB) from the loopback server on
// `port`, whose transfers `transfers` tracks, while its chunks are `oldChunkSize` bytes. Calls
// `changeChunkSize` once part of the body went out, reads on until the next chunk has begun,
// then changes the file's modification time and reads to the end of the connection.
ChunkChange followChunkSizeChange(Sluice::TransferTracker &transfers, quint16 port,
                                  const QByteArray &link, const QString &path, qint64 oldChunkSize,
                                  const std::function<void()> &changeChunkSize);

} // namespace SluiceTest
