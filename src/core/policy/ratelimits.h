#pragma once

#include <QtGlobal>

namespace Sluice {

// Upload caps, in bytes per second; 0 means no cap.
struct RateLimits
{
    static constexpr qint64 minRate = 1024; // below this a cap is a mistake, not a limit

    qint64 totalRate = 0; // everything Sluice sends
    qint64 clientRate = 0; // each client (address)
    bool exemptLoopback = false; // this machine's own downloads are not limited

    bool isActive() const { return totalRate > 0 || clientRate > 0; }
    bool operator==(const RateLimits &) const = default;
};

} // namespace Sluice
