#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QTimer>

namespace Sluice {

struct AccessRecord
{
    QByteArray peer; // the client's address as text
    QDateTime time;
    QByteArray requestLine;
    int status = 0;
    qint64 bodyBytes = 0;
    QByteArray referer;
    QByteArray userAgent;
};

// One Combined Log Format line per response, to a file or to stderr. Lines are collected and
// written once per event-loop pass (or every 64 KiB): a busy keep-alive client costs one
// write(2) per pass instead of one per request, and a line still appears within milliseconds.
class AccessLog
{
public:
    AccessLog();
    ~AccessLog();
    AccessLog(const AccessLog &) = delete;
    AccessLog &operator=(const AccessLog &) = delete;
    bool openFile(const QString &path, QString *error);
    void openStandardError();
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    void write(const AccessRecord &record);
    void flush();

    QByteArray formatLine(const AccessRecord &record);

private:
    // "[26/Nov/2026:23:09:01 +0000]", formatted once a second: the local-time conversion asks
    // the C library, which looks at /etc/localtime every time.
    QByteArray timestamp(const QDateTime &time);

    QFile m_file;
    QByteArray m_pending;
    QTimer m_flushTimer;
    qint64 m_stampSecond = -1;
    QByteArray m_stamp;
};

} // namespace Sluice
