#pragma once

#include <QString>
#include <QStringList>

namespace SluiceTest {

// Moves the process into a network namespace of its own, so a test may add and remove
// interfaces and addresses without touching the machine's. Must run before any thread starts.
// Returns why it could not, or an empty string. Only loopback exists there, and it is down.
QString enterPrivateNetworkNamespace();

// Runs `ip` (iproute2) with the arguments; false with its output in `error` when it fails.
bool runIp(const QStringList &arguments, QString *error = nullptr);

} // namespace SluiceTest
