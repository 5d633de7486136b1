#include "transfer.h"

#include <QCoreApplication>

namespace Sluice {

QString Transfer::stateName(State state)
{
    switch (state) {
    case State::Sending:
        return QCoreApplication::translate("Transfer", "sending");
    case State::Completed:
        return QCoreApplication::translate("Transfer", "completed");
    case State::Cancelled:
        return QCoreApplication::translate("Transfer", "cancelled");
    case State::ClientGone:
        return QCoreApplication::translate("Transfer", "client gone");
    case State::Failed:
        return QCoreApplication::translate("Transfer", "failed");
    }
    return {};
}

QString EndReason::text() const
{
    const auto translated
        = [](const char *text) { return QCoreApplication::translate("EndReason", text); };
    if (!member.isEmpty()) {
        switch (kind) {
        case Kind::FileRemoved:
            return translated(QT_TRANSLATE_NOOP("EndReason", "%1 was removed")).arg(member);
        case Kind::FileReplaced:
            return translated(QT_TRANSLATE_NOOP("EndReason", "%1 was replaced")).arg(member);
        case Kind::FileModified:
            return translated(QT_TRANSLATE_NOOP("EndReason", "%1 was modified")).arg(member);
        case Kind::FileTruncated:
            return translated(QT_TRANSLATE_NOOP("EndReason", "%1 was truncated")).arg(member);
        case Kind::FileUnreadable:
            return translated(QT_TRANSLATE_NOOP("EndReason", "%1 was made unreadable")).arg(member);
        case Kind::ReadFailed:
            return translated(QT_TRANSLATE_NOOP("EndReason", "%1: %2")).arg(member, systemMessage);
        case Kind::ChecksumUnknown:
            return translated(QT_TRANSLATE_NOOP("EndReason", "the CRC of %1 is not known yet"))
                .arg(member);
        default:
            break;
        }
    }
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::FileRemoved:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the file was removed"));
    case Kind::FileReplaced:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the file was replaced"));
    case Kind::FileModified:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the file was modified"));
    case Kind::FileTruncated:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the file was truncated"));
    case Kind::FileUnreadable:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the file was made unreadable"));
    case Kind::ReadFailed:
        return systemMessage;
    case Kind::ChecksumUnknown:
        return translated(QT_TRANSLATE_NOOP("EndReason", "a checksum is not known yet"));
    case Kind::FileNotAnswering:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the file stopped answering"));
    case Kind::ClientClosed:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the client closed the connection"));
    case Kind::ClientStoppedReading:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the client stopped reading"));
    case Kind::ServerStopped:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the server stopped"));
    case Kind::ShareRemoved:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the share was removed"));
    case Kind::CancelledByUser:
        return translated(QT_TRANSLATE_NOOP("EndReason", "cancelled"));
    case Kind::ClientBlocked:
        return translated(QT_TRANSLATE_NOOP("EndReason", "the client was blocked"));
    }
    return {};
}

} // namespace Sluice
