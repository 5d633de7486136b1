#include "sharerules.h"

#include "share.h"

namespace Sluice {
namespace {

const QString expiresAtKey = QStringLiteral("expiresAt");
const QString maxDownloadsKey = QStringLiteral("maxDownloads");

} // namespace

QDateTime ShareRules::expiresAt(const QJsonObject &policies)
{
    // Stored in UTC, so a saved share expires at the same instant in any time zone.
    return QDateTime::fromString(policies.value(expiresAtKey).toString(), Qt::ISODateWithMs);
}

void ShareRules::setExpiresAt(QJsonObject &policies, const QDateTime &when)
{
    if (!when.isValid()) {
        policies.remove(expiresAtKey);
        return;
    }
    policies.insert(expiresAtKey, when.toUTC().toString(Qt::ISODateWithMs));
}

int ShareRules::maxDownloads(const QJsonObject &policies)
{
    return std::max(0, policies.value(maxDownloadsKey).toInt());
}

void ShareRules::setMaxDownloads(QJsonObject &policies, int count)
{
    if (count <= 0)
        policies.remove(maxDownloadsKey);
    else
        policies.insert(maxDownloadsKey, count);
}

QJsonObject ShareRules::rulesOf(const QDateTime &expiresAt, int maxDownloads)
{
    QJsonObject rules;
    setExpiresAt(rules, expiresAt);
    setMaxDownloads(rules, maxDownloads);
    return rules;
}

bool ShareRules::isExpired(const Share &share, const QDateTime &now)
{
    const QDateTime expiry = expiresAt(share.policies);
    return expiry.isValid() && now >= expiry;
}

bool ShareRules::isExpired(const Share &share)
{
    return isExpired(share, QDateTime::currentDateTimeUtc());
}

bool ShareRules::capReached(const Share &share)
{
    const int cap = maxDownloads(share.policies);
    return cap > 0 && share.completedDownloads >= cap;
}

} // namespace Sluice
