#pragma once

#include <QIcon>

namespace Sluice {

// The installed theme icon when there is one, else the PNG sizes built into the binary (no SVG
// plugin needed).
QIcon appIcon();

} // namespace Sluice
