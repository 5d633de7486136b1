#include "httpdate.h"

#include <array>

#include <QList>

#include "httptokens.h"

namespace Sluice::HttpDate {
namespace {

constexpr std::array<const char *, 7> dayNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<const char *, 12> monthNames
    = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

QByteArray twoDigits(int value)
{
    return QByteArray::number(value).rightJustified(2, '0');
}

int monthFromName(QByteArrayView name)
{
    for (int i = 0; i < 12; ++i) {
        if (name == QByteArrayView(monthNames[i]))
            return i + 1;
    }
    return 0;
}

bool toInt(QByteArrayView text, int digits, int *value)
{
    if (digits > 0 && text.size() != digits)
        return false;
    qint64 parsed = 0;
    if (!HttpTokens::parseDecimal(text, &parsed) || parsed > 9999)
        return false;
    *value = int(parsed);
    return true;
}

// "HH:MM:SS"
bool parseClock(QByteArrayView text, QTime *time)
{
    if (text.size() != 8 || text[2] != ':' || text[5] != ':')
        return false;
    int h = 0, m = 0, s = 0;
    if (!toInt(text.sliced(0, 2), 2, &h) || !toInt(text.sliced(3, 2), 2, &m)
        || !toInt(text.sliced(6, 2), 2, &s))
        return false;
    // Leap seconds (60) are clamped rather than rejected.
    *time = QTime(h, m, std::min(s, 59));
    return time->isValid();
}

std::optional<QDateTime> build(int year, int month, int day, QTime time)
{
    const QDate date(year, month, day);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

QList<QByteArrayView> words(QByteArrayView text)
{
    QList<QByteArrayView> parts;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        const qsizetype start = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        if (i > start)
            parts.append(text.sliced(start, i - start));
    }
    return parts;
}

} // namespace

QByteArray format(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    return QByteArray(dayNames[date.dayOfWeek() - 1]) + ", " + twoDigits(date.day()) + ' '
        + monthNames[date.month() - 1] + ' '
        + QByteArray::number(date.year()).rightJustified(4, '0') + ' ' + twoDigits(clock.hour())
        + ':' + twoDigits(clock.minute()) + ':' + twoDigits(clock.second()) + " GMT";
}

std::optional<QDateTime> parse(QByteArrayView text)
{
    const QList<QByteArrayView> parts = words(HttpTokens::trimmed(text));
    QTime clock;
    int day = 0, year = 0;
    if (parts.size() == 6 && parts[0].endsWith(',') && parts[5] == "GMT") {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        const int month = monthFromName(parts[2]);
        if (!toInt(parts[1], 2, &day) || month == 0 || !toInt(parts[3], 4, &year)
            || !parseClock(parts[4], &clock))
            return std::nullopt;
        return build(year, month, day, clock);
    }
    if (parts.size() == 4 && parts[0].endsWith(',') && parts[3] == "GMT") {
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        const QByteArrayView dmy = parts[1];
        if (dmy.size() != 9 || dmy[2] != '-' || dmy[6] != '-')
            return std::nullopt;
        const int month = monthFromName(dmy.sliced(3, 3));
        int yy = 0;
        if (!toInt(dmy.first(2), 2, &day) || month == 0 || !toInt(dmy.sliced(7, 2), 2, &yy)
            || !parseClock(parts[2], &clock))
            return std::nullopt;
        // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead belongs to the past century.
        const int currentYear = QDate::currentDate().year();
        year = 2000 + yy;
        if (year > currentYear + 50)
            year -= 100;
        return build(year, month, day, clock);
    }
    if (parts.size() == 5) {
        // asctime: Sun Nov  6 08:49:37 1994
        const int month = monthFromName(parts[1]);
        if (month == 0 || !toInt(parts[2], 0, &day) || !parseClock(parts[3], &clock)
            || !toInt(parts[4], 4, &year))
            return std::nullopt;
        return build(year, month, day, clock);
    }
    return std::nullopt;
}

} // namespace Sluice::HttpDate
