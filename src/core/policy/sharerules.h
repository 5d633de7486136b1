#pragma once

#include <QDateTime>
#include <QJsonObject>

namespace Sluice {

struct Share;

// A share's rules, kept in Share::policies (saved with the share): when its links expire and
// how many completed downloads it allows. Reading tolerates anything a saved file may hold: a
// value that does not parse is no rule.
class ShareRules
{
public:
    // Invalid: the share never expires.
    static QDateTime expiresAt(const QJsonObject &policies);
    static void setExpiresAt(QJsonObject &policies, const QDateTime &when);
    // 0: no cap.
    static int maxDownloads(const QJsonObject &policies);
    static void setMaxDownloads(QJsonObject &policies, int count);

    // The rules given for new shares (the command line's --expires and --max-downloads), in the
    // form setExpiresAt and setMaxDownloads write; empty when neither is given.
    static QJsonObject rulesOf(const QDateTime &expiresAt, int maxDownloads);

    static bool isExpired(const Share &share, const QDateTime &now);
    static bool isExpired(const Share &share);
    // Every allowed download is used up: only clients that started one may go on.
    static bool capReached(const Share &share);
};

} // namespace Sluice
