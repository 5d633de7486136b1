#pragma once

#include <memory>

#include <QByteArray>
#include <QList>
#include <QString>

#include "crctable.h"
#include "foldersnapshot.h"
#include "ziplayout.h"

namespace Sluice {

// A shared folder: its snapshot's archive layout, the CRCs known so far, and what was left out.
// Made on the event loop; the layout and table are shared with file workers.
struct FolderArchive
{
    std::shared_ptr<const ZipLayout> layout;
    std::shared_ptr<CrcTable> crcs;
    QList<FolderSnapshot::LeftOut> leftOut;
    int fileCount = 0;
    qint64 fileBytes = 0;
    qint64 newestMtimeNs = 0;
    QByteArray etag;
    // A member no longer matches the snapshot (seen by a download or the CRC pass).
    bool changed = false;

    // Null, with `error` set, when the folder cannot be shared: nothing readable in it, or
    // beyond ZIP64's limits.
    static std::shared_ptr<FolderArchive> fromSnapshot(FolderSnapshot snapshot, QString *error);
    // Whether a partial response may be made now: the range's CRCs are known.
    bool canServeRange(qint64 first, qint64 last) const
    {
        return layout->crcsKnownFor(first, last, *crcs);
    }
    bool resumable() const { return crcs->complete(); }
};

} // namespace Sluice
