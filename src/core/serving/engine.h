#pragma once

#include "blobserver.h"
#include "shareregistry.h"
#include "transfertracker.h"

namespace Sluice {

// The shares, the transfer list and the server that serves them: what headless mode, the window,
// the tests and the benchmarks all run.
struct Engine
{
    ShareRegistry shares;
    TransferTracker transfers;
    BlobServer server {shares, transfers};
};

} // namespace Sluice
