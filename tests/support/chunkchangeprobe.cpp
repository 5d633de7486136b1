#include "chunkchangeprobe.h"

#include <QDateTime>
#include <QFile>
#include <QHostAddress>

#include "httptestclient.h"
#include "transfertracker.h"

namespace SluiceTest {

bool ChunkChange::continuedInChunksOf(qint64 chunkSize) const
{
    if (!failure.isEmpty())
        return false;
    for (const qint64 oldEnd : {oldChunksEnd, oldChunksEnd + oldChunkSize}) {
        const qint64 afterChange = endedAt - oldEnd;
        if (afterChange > 0 && afterChange % chunkSize == 0)
            return true;
    }
    return false;
}

QString ChunkChange::describe(qint64 chunkSize) const
{
    if (!failure.isEmpty())
        return failure;
    const qint64 afterChange = endedAt - oldChunksEnd;
    return QStringLiteral("the chunks of the old size ended at byte %1, the download at %2: "
                          "%3 chunks of %4 bytes and %5 bytes more")
        .arg(oldChunksEnd)
        .arg(endedAt)
        .arg(afterChange / chunkSize)
        .arg(chunkSize)
        .arg(afterChange % chunkSize);
}

ChunkChange followChunkSizeChange(Sluice::TransferTracker &transfers, quint16 port,
                                  const QByteArray &link, const QString &path, qint64 oldChunkSize,
                                  const std::function<void()> &changeChunkSize)
{
    using Sluice::Transfer;
    ChunkChange result;
    auto failed = [&result](const QString &why) {
        result.failure = why;
        return result;
    };
    // It reads only when told to, so the server runs ahead only by what the kernels take.
    RawClient client(port, QHostAddress::LocalHost, 64 * 1024);
    client.send(getRequest(link));
    if (!waitUntil([&] { return transfers.activeCount() == 1; }))
        return failed(QStringLiteral("the download did not start"));
    const quint64 id = transfers.ids().constLast();
    auto bodyBytesSent = [&] { return transfers.find(id)->bytesSent; };
    if (!waitUntil([&] { return bodyBytesSent() > 0; }))
        return failed(QStringLiteral("no body bytes went out"));

    // The server runs on this thread, so nothing is sent between this count and the change.
    // Until now every chunk had the old size, counted from the body's first byte.
    const qint64 atChange = bodyBytesSent();
    result.oldChunksEnd = (atChange + oldChunkSize - 1) / oldChunkSize * oldChunkSize;
    result.oldChunkSize = oldChunkSize;
    changeChunkSize();
    if (!waitUntil([&] {
            client.readPending();
            return bodyBytesSent() > result.oldChunksEnd + oldChunkSize;
        }))
        return failed(QStringLiteral("no chunk began after the change"));

    // Same size and bytes, another modification time: the next chunk's check ends the download.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)
        || !file.setFileTime(file.fileTime(QFileDevice::FileModificationTime).addSecs(-60),
                             QFileDevice::FileModificationTime))
        return failed(QStringLiteral("cannot change the modification time of %1").arg(path));
    if (!waitUntil(
            [&] {
                client.readPending();
                return client.isDisconnected();
            },
            30'000))
        return failed(QStringLiteral("the download did not end"));
    client.readPending();

    const Transfer *transfer = transfers.find(id);
    if (transfer->state != Transfer::State::Failed
        || transfer->error != Transfer::Error::FileChanged)
        return failed(QStringLiteral("the download ended otherwise: %1 %2")
                          .arg(Transfer::stateName(transfer->state), transfer->endReason.text()));
    // Where Sluice stopped sending; the reset that ended the response dropped what the kernel
    // still held, so the client has bytesSent of it.
    result.endedAt = transfer->bytesSent + transfer->bytesDiscarded;
    const ParsedResponse response = parseResponses(client.received(), {}, true).value(0);
    if (response.body.size() != transfer->bytesSent
        || response.body != file.read(transfer->bytesSent))
        return failed(QStringLiteral("the client got %1 body bytes, not the file's first %2")
                          .arg(response.body.size())
                          .arg(transfer->bytesSent));
    return result;
}

} // namespace SluiceTest
