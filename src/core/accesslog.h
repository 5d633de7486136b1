#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QHostAddress>

namespace Sluice {

struct AccessRecord
{
    QHostAddress peer;
    QDateTime time;
    QByteArray requestLine;
    int status = 0;
    qint64 bodyBytes = 0;
    QByteArray referer;
    QByteArray userAgent;
};

// One Combined Log Format line per response, to a file or to stderr.
class AccessLog
{
public:
    AccessLog() = default;
    bool openFile(const QString &path, QString *error);
    void openStandardError();
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    void write(const AccessRecord &record);

    static QByteArray formatLine(const AccessRecord &record);

private:
    QFile m_file;
};

} // namespace Sluice
