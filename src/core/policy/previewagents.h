#pragma once

#include <QByteArrayView>

namespace Sluice {

// Link-preview fetchers: chat apps and social sites that fetch a pasted link to show a card.
// Their requests are served but never count as a download and never use one up.
class PreviewAgents
{
public:
    static bool isPreviewAgent(QByteArrayView userAgent);
};

} // namespace Sluice
