#pragma once

#include <utility>

#include <QByteArray>
#include <QList>
#include <QMap>

namespace Sluice {

// What one client has been delivered of a share, as saved with it between runs: a client that
// started a download may resume it after a restart, and its resumed bytes complete the same
// download, while a capped share turns new clients away (see DownloadCounter).
struct DownloadRecord
{
    bool counted = false; // a download completed and was counted (once, whatever the version)
    bool complete = false; // the version it was last sent was delivered whole
    QList<std::pair<qint64, qint64>> received; // [first, end) of that version; empty once complete

    bool operator==(const DownloadRecord &) const = default;
};

// By DownloadCounter::clientKey; ordered, so the saved file lists clients the same way each time.
using DownloadRecords = QMap<QByteArray, DownloadRecord>;

} // namespace Sluice
