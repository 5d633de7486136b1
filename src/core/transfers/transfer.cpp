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

} // namespace Sluice
