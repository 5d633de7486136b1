#include "transferreport.h"

#include <QLocale>

#include "transfertracker.h"

namespace Sluice::TransferReport {

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return {};
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString finishedLine(const Transfer &transfer)
{
    const qint64 elapsedMs = std::max<qint64>(transfer.elapsedMs(transfer.finishedMs), 0);
    QString line = transfer.peerAddress.toString() + u' ' + transfer.fileName;
    if (!transfer.range.isEmpty())
        line += QStringLiteral(" (%1)").arg(QString::fromLatin1(transfer.range));
    line += QStringLiteral(": ") + Transfer::stateName(transfer.state) + QStringLiteral(", ");
    if (transfer.state == Transfer::State::Completed)
        line += formatBytes(transfer.bytesDelivered);
    else
        line += QStringLiteral("%1 of %2")
                    .arg(formatBytes(transfer.bytesDelivered), formatBytes(transfer.bytesDue));
    line += QStringLiteral(" in ") + formatDuration(elapsedMs / 1000);
    if (elapsedMs > 0 && transfer.bytesDelivered > 0)
        line += QStringLiteral(" (%1/s)").arg(
            formatBytes(qint64(double(transfer.bytesDelivered) * 1000.0 / double(elapsedMs))));
    if (!transfer.endReason.isNone() && transfer.state != Transfer::State::Completed)
        line += QStringLiteral(": ") + transfer.endReason.text();
    return line;
}

QString statusLine(const TransferTracker &tracker)
{
    qint64 longestEta = -1;
    for (quint64 id : tracker.ids()) {
        const Transfer *transfer = tracker.find(id);
        if (transfer && transfer->isActive())
            longestEta = std::max(longestEta, transfer->etaSeconds);
    }
    QString line = QStringLiteral("%1 active, %2/s, %3 sent")
                       .arg(tracker.activeCount())
                       .arg(formatBytes(qint64(tracker.totalBytesPerSecond())),
                            formatBytes(tracker.totalBytesDelivered()));
    if (longestEta >= 0)
        line += QStringLiteral(", ETA ") + formatDuration(longestEta);
    return line;
}

} // namespace Sluice::TransferReport
