#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>

namespace Sluice::HttpDate {

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
QByteArray format(const QDateTime &time);
// Accepts IMF-fixdate, the obsolete RFC 850 form and asctime(); nullopt for anything else.
std::optional<QDateTime> parse(QByteArrayView text);

} // namespace Sluice::HttpDate
