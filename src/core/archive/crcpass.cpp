#include "crcpass.h"

#include <cstring>
#include <limits>

#include <QString>

#include "hashpass.h"

namespace Sluice {
namespace {

// The CRC of a member as it was snapshotted; an error text for the log when it is not that version any more
// (or cannot be read).
QString crcOf(const ArchiveEntry &entry, quint32 *crc)
{
    HashPass pass(entry.encodedPath, entry.identity, HashPass::Digest::Crc32);
    switch (pass.step(std::numeric_limits<qint64>::max())) {
    case HashPass::Step::Done:
        break;
    case HashPass::Step::Failed:
        return QString::fromLocal8Bit(std::strerror(pass.systemError()));
    case HashPass::Step::Changed:
        return pass.truncated() ? QStringLiteral("truncated since it was shared")
                                : QStringLiteral("modified since it was shared");
    case HashPass::Step::More: // not with an unbounded slice
        return QStringLiteral("modified since it was shared");
    }
    // Read to the end of the snapshot's size, and its path still names that version: the bytes
    // were its.
    if (!BlobIdentity::ofEncodedPath(entry.encodedPath).sameFileAndContent(entry.identity))
        return QStringLiteral("modified since it was shared");
    *crc = pass.crc32();
    return {};
}

} // namespace

CrcPassBatch CrcPassBatch::run(const ZipLayout &layout, CrcTable &crcs, qsizetype first)
{
    CrcPassBatch batch;
    qint64 bytes = 0;
    int members = 0;
    qsizetype index = first;
    for (; index < layout.entryCount() && bytes < batchBytes && members < batchMembers; ++index) {
        if (crcs.crc(index))
            continue;
        const ArchiveEntry &entry = layout.entry(index);
        quint32 crc = 0;
        const QString error = crcOf(entry, &crc);
        if (!error.isEmpty()) {
            // The share is marked changed (sharing the folder again takes a new snapshot);
            // the other members still get their CRCs.
            if (batch.changed.isEmpty())
                batch.changed = QString::fromUtf8(entry.name) + QStringLiteral(": ") + error;
            continue;
        }
        crcs.setCrc(index, crc);
        bytes += entry.size();
        ++members;
    }
    batch.next = index;
    return batch;
}

} // namespace Sluice
