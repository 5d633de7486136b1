#include "previewagents.h"

#include <QByteArray>

namespace Sluice {
namespace {

// The one list: a User-Agent containing any of these (case-insensitively) is a preview fetcher.
constexpr const char *previewAgentMarks[] = {
    "whatsapp",
    "facebookexternalhit",
    "facebookcatalog",
    "slackbot",
    "slack-imgproxy",
    "telegrambot",
    "discordbot",
    "twitterbot",
    "linkedinbot",
    "skypeuripreview",
    "applebot",
    "iframely",
    "embedly",
    "pinterestbot",
    "redditbot",
    "mattermost-bot",
    "viber",
    "snapchat",
    "google-pagerenderer",
    "googleother",
    "microsoftpreview",
    "bitlybot",
    "vkshare",
    "w3c_validator",
};

} // namespace

bool PreviewAgents::isPreviewAgent(QByteArrayView userAgent)
{
    if (userAgent.isEmpty())
        return false;
    const QByteArray lower = userAgent.toByteArray().toLower();
    for (const char *mark : previewAgentMarks) {
        if (lower.contains(mark))
            return true;
    }
    return false;
}

} // namespace Sluice
