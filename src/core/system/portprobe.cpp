#include "portprobe.h"

#include <QTcpServer>

namespace Sluice {

quint16 nextFreePort(quint16 busyPort, const QList<QHostAddress> &addresses, int attempts)
{
    const QList<QHostAddress> targets = addresses.isEmpty()
        ? QList<QHostAddress> {QHostAddress(QHostAddress::AnyIPv4)}
        : addresses;
    for (int offset = 1; offset <= attempts && busyPort + offset <= 65535; ++offset) {
        const quint16 port = quint16(busyPort + offset);
        bool free = true;
        for (const QHostAddress &address : targets) {
            QTcpServer probe;
            if (!probe.listen(address, port)) {
                free = false;
                break;
            }
        }
        if (free)
            return port;
    }
    return 0;
}

} // namespace Sluice
