#include "appicon.h"

namespace Sluice {

QIcon appIcon()
{
    QIcon builtIn;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        builtIn.addFile(QStringLiteral(":/icons/hicolor/%1x%1/apps/sluice.png").arg(size));
    return QIcon::fromTheme(QStringLiteral("sluice"), builtIn);
}

} // namespace Sluice
