#pragma once

#include <QHostAddress>
#include <QList>

namespace Sluice {

// The first port after `busyPort` that every address in `addresses` can listen on (empty list:
// all IPv4 and IPv6 addresses); 0 when none is free within `attempts` ports.
quint16 nextFreePort(quint16 busyPort, const QList<QHostAddress> &addresses, int attempts = 100);

} // namespace Sluice
