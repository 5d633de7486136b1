#pragma once

namespace Sluice {
struct AppOptions;

// Serves the given files without a window until SIGINT or SIGTERM. Needs a QCoreApplication.
int runHeadless(const AppOptions &options);
} // namespace Sluice
