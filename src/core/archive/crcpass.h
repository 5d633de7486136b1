#pragma once

#include <QString>

#include "crctable.h"
#include "ziplayout.h"

namespace Sluice {

// The background pass that computes the CRC-32 of every member of a folder's archive, a batch
// at a time on a file worker, so that ranges of the archive (resumed and segmented downloads)
// can be served. Members whose CRC a download already computed are skipped.
struct CrcPassBatch
{
    static constexpr qint64 batchBytes = 64 * 1024 * 1024;
    static constexpr int batchMembers = 1024;

    qsizetype next = 0; // the first member the next batch looks at; entryCount() when done
    QString changed; // a member that no longer matches the snapshot, with what happened

    // Runs on a worker: computes the missing CRCs from member `first` on, for about one batch.
    static CrcPassBatch run(const ZipLayout &layout, CrcTable &crcs, qsizetype first);
};

} // namespace Sluice
