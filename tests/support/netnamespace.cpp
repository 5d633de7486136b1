#include "netnamespace.h"

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <unistd.h>

#include <QFile>
#include <QProcess>

namespace SluiceTest {
namespace {

bool writeProcFile(const char *path, const QByteArray &text)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

} // namespace

QString enterPrivateNetworkNamespace()
{
    if (::geteuid() == 0)
        return ::unshare(CLONE_NEWNET) == 0 ? QString()
                                            : QStringLiteral("unshare(CLONE_NEWNET): %1")
                                                  .arg(QString::fromLocal8Bit(strerror(errno)));
    // Unprivileged: a user namespace in which this user is root, as `unshare -rn` does.
    const uid_t uid = ::geteuid();
    const gid_t gid = ::getegid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
        return QStringLiteral("unshare(CLONE_NEWUSER | CLONE_NEWNET): %1")
            .arg(QString::fromLocal8Bit(strerror(errno)));
    if (!writeProcFile("/proc/self/setgroups", "deny")
        || !writeProcFile("/proc/self/uid_map", "0 " + QByteArray::number(uid) + " 1")
        || !writeProcFile("/proc/self/gid_map", "0 " + QByteArray::number(gid) + " 1"))
        return QStringLiteral("cannot map this user to root in the new user namespace");
    return {};
}

bool runIp(const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("ip"), arguments);
    const bool ok = process.waitForFinished(10'000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
    if (!ok && error)
        *error = QString::fromLocal8Bit(process.readAll()).trimmed();
    return ok;
}

} // namespace SluiceTest
