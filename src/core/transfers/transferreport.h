#pragma once

#include <QString>

#include "transfer.h"

namespace Sluice {

class TransferTracker;

// Plain-text lines about transfers for headless mode: the same numbers the window shows, from
// the tracker, in a fixed (C locale, IEC units) format that scripts can read.
namespace TransferReport {

// "127.0.0.1 film.mkv: completed, 1.4 GiB in 0:42 (34.1 MiB/s)"
// "127.0.0.1 film.mkv (bytes 0-99): failed, 3.0 MiB of 1.4 GiB in 0:01: the file was modified"
QString finishedLine(const Transfer &transfer);
// "2 downloads, 14.6 MiB/s, 120.3 MiB sent, ETA 0:42"; ETA is the longest known one.
QString statusLine(const TransferTracker &tracker);

QString formatBytes(qint64 bytes);
QString formatDuration(qint64 seconds); // "0:42", "1:02:03"; empty when negative (unknown)

} // namespace TransferReport
} // namespace Sluice
