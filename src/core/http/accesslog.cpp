#include "accesslog.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <fcntl.h>

#include <QLocale>

namespace Sluice {
namespace {

constexpr qsizetype flushThreshold = 64 * 1024;

bool needsEscaping(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return c == '"' || c == '\\' || u < 0x20 || u >= 0x7f;
}

// Quotes inside logged fields would break the format for log parsers.
QByteArray escaped(const QByteArray &field)
{
    if (field.isEmpty())
        return "-";
    if (std::none_of(field.cbegin(), field.cend(), needsEscaping))
        return field;
    QByteArray out;
    out.reserve(field.size());
    for (char c : field) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
            out += '\\' + QByteArray(1, c);
        else if (u < 0x20 || u >= 0x7f)
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

} // namespace

AccessLog::AccessLog()
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0); // at the end of this event-loop pass
    m_flushTimer.callOnTimeout([this] { flush(); });
}

AccessLog::~AccessLog()
{
    flush();
}

bool AccessLog::openFile(const QString &path, QString *error)
{
    close();
    // O_APPEND from open(2): QFile's Append mode seeks, which fails (noisily) on /dev/null or a pipe.
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    return m_file.open(fd, QIODevice::WriteOnly | QIODevice::Unbuffered,
                       QFileDevice::AutoCloseHandle);
}

void AccessLog::openStandardError()
{
    close();
    (void)m_file.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
}

void AccessLog::close()
{
    flush();
    if (m_file.isOpen())
        m_file.close();
}

QByteArray AccessLog::timestamp(const QDateTime &time)
{
    const qint64 second = time.toSecsSinceEpoch();
    if (second == m_stampSecond)
        return m_stamp;
    const QDateTime local = time.toLocalTime();
    const int offsetMinutes = local.offsetFromUtc() / 60;
    const QByteArray zone = (offsetMinutes < 0 ? "-" : "+")
        + QByteArray::number(std::abs(offsetMinutes) / 60).rightJustified(2, '0')
        + QByteArray::number(std::abs(offsetMinutes) % 60).rightJustified(2, '0');
    m_stampSecond = second;
    m_stamp = '[' + QLocale::c().toString(local, u"dd/MMM/yyyy:HH:mm:ss ").toLatin1() + zone + ']';
    return m_stamp;
}

QByteArray AccessLog::formatLine(const AccessRecord &record)
{
    // %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"
    return record.peer + " - - " + timestamp(record.time) + " \"" + escaped(record.requestLine)
        + "\" " + QByteArray::number(record.status) + ' '
        + (record.bodyBytes > 0 ? QByteArray::number(record.bodyBytes) : QByteArray("-")) + " \""
        + escaped(record.referer) + "\" \"" + escaped(record.userAgent) + "\"\n";
}

void AccessLog::write(const AccessRecord &record)
{
    if (!m_file.isOpen())
        return;
    m_pending += formatLine(record);
    if (m_pending.size() >= flushThreshold)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void AccessLog::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    if (m_file.isOpen())
        m_file.write(m_pending);
    m_pending.resize(0); // keeps its capacity
}

} // namespace Sluice
