#pragma once

namespace Sluice {
struct AppOptions;

// Opens the window, shares the files given on the command line and runs until it is closed.
// Needs a QApplication.
int runWindow(const AppOptions &options);
} // namespace Sluice
