#include "foldersnapshot.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStringDecoder>

namespace Sluice {
namespace {

// ZIP stores a name's length in 16 bits.
constexpr qsizetype maxNameBytes = 0xFFFF;

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    (void)decoder.decode(bytes).operator QString();
    return !decoder.hasError();
}

QByteArray realPath(const QByteArray &path)
{
    char resolved[PATH_MAX];
    return ::realpath(path.constData(), resolved) ? QByteArray(resolved) : QByteArray();
}

FolderSnapshot::LeftOut::Reason kindOf(mode_t mode)
{
    using Reason = FolderSnapshot::LeftOut::Reason;
    if (S_ISSOCK(mode))
        return Reason::Socket;
    if (S_ISFIFO(mode))
        return Reason::NamedPipe;
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return Reason::Device;
    return Reason::NotRegularFile;
}

class FolderWalker
{
public:
    FolderWalker(FolderSnapshot &snapshot, QByteArray rootReal)
        : m_snapshot(snapshot)
        , m_rootReal(std::move(rootReal))
    {
    }

    // Adds what `folder` holds under `prefix` (which ends in '/'); true when it added anything.
    bool walk(const QByteArray &folder, const QByteArray &prefix, const BlobIdentity &identity)
    {
        m_ancestors.insert({identity.device, identity.inode});
        const bool added = walkChildren(folder, prefix);
        m_ancestors.remove({identity.device, identity.inode});
        return added;
    }

private:
    void leaveOut(const QByteArray &name, FolderSnapshot::LeftOut::Reason reason)
    {
        m_snapshot.leftOut.append({QString::fromUtf8(name), reason, {}});
    }
    void leaveOut(const QByteArray &name, const QString &systemMessage)
    {
        m_snapshot.leftOut.append(
            {QString::fromUtf8(name), FolderSnapshot::LeftOut::Reason::SystemError, systemMessage});
    }

    bool walkChildren(const QByteArray &folder, const QByteArray &prefix)
    {
        DIR *dir = ::opendir(folder.constData());
        if (!dir) {
            leaveOut(prefix, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        QList<QByteArray> names;
        while (const dirent *child = ::readdir(dir)) {
            const QByteArray name(child->d_name);
            if (name != "." && name != "..")
                names.append(name);
        }
        ::closedir(dir);
        std::sort(names.begin(), names.end()); // byte order: the same archive for the same tree

        bool added = false;
        for (const QByteArray &name : std::as_const(names))
            added |= addChild(folder + '/' + name, prefix + name);
        return added;
    }

    bool addChild(const QByteArray &path, const QByteArray &name)
    {
        if (!isUtf8(name)) {
            leaveOut(name.toPercentEncoding("/"), FolderSnapshot::LeftOut::Reason::NameNotUtf8);
            return false;
        }
        struct stat st = {};
        if (::lstat(path.constData(), &st) != 0) {
            leaveOut(name, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (S_ISLNK(st.st_mode)) {
            const QByteArray target = realPath(path);
            if (target.isEmpty()) {
                leaveOut(name, FolderSnapshot::LeftOut::Reason::LinkLeadsNowhere);
                return false;
            }
            if (target != m_rootReal && !target.startsWith(QByteArray(m_rootReal + '/'))) {
                leaveOut(name, FolderSnapshot::LeftOut::Reason::LinkLeadsOutside);
                return false;
            }
            if (::stat(path.constData(), &st) != 0) {
                leaveOut(name, QString::fromLocal8Bit(std::strerror(errno)));
                return false;
            }
        }
        const BlobIdentity identity = BlobIdentity::ofEncodedPath(path);
        if (!identity.exists) {
            leaveOut(name, FolderSnapshot::LeftOut::Reason::Vanished);
            return false;
        }
        if (S_ISDIR(st.st_mode)) {
            if (name.size() + 1 > maxNameBytes) {
                leaveOut(name, FolderSnapshot::LeftOut::Reason::NameTooLong);
                return false;
            }
            if (m_ancestors.contains({identity.device, identity.inode})) {
                leaveOut(name, FolderSnapshot::LeftOut::Reason::LinkToAncestor);
                return false;
            }
            if (walk(path, name + '/', identity))
                return true;
            // Empty (or everything in it left out): a folder entry keeps it in the archive.
            m_snapshot.entries.append({name + '/', path, identity});
            return true;
        }
        if (!S_ISREG(st.st_mode)) {
            leaveOut(name, kindOf(st.st_mode));
            return false;
        }
        if (name.size() > maxNameBytes) {
            leaveOut(name, FolderSnapshot::LeftOut::Reason::NameTooLong);
            return false;
        }
        if (!BlobIdentity::permitsReading(path, identity)) {
            leaveOut(name, FolderSnapshot::LeftOut::Reason::PermissionDenied);
            return false;
        }
        m_snapshot.entries.append({name, path, identity});
        ++m_snapshot.fileCount;
        m_snapshot.fileBytes += identity.size;
        m_snapshot.newestMtimeNs = std::max(m_snapshot.newestMtimeNs, identity.mtimeNs);
        return true;
    }

    FolderSnapshot &m_snapshot;
    QByteArray m_rootReal;
    QSet<QPair<quint64, quint64>> m_ancestors; // folders being walked: a link back is a loop
};

} // namespace

const char *FolderSnapshot::LeftOut::reasonText(Reason reason)
{
    switch (reason) {
    case Reason::NameNotUtf8:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "the name is not UTF-8");
    case Reason::LinkLeadsNowhere:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "a link that leads nowhere");
    case Reason::LinkLeadsOutside:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "a link that leads outside the folder");
    case Reason::Vanished:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "it vanished");
    case Reason::NameTooLong:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "the name is longer than ZIP's 65,535 bytes");
    case Reason::LinkToAncestor:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "a link to a folder that contains it");
    case Reason::PermissionDenied:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "permission denied");
    case Reason::Socket:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "a socket");
    case Reason::NamedPipe:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "a named pipe");
    case Reason::Device:
        return QT_TRANSLATE_NOOP("FolderSnapshot", "a device");
    case Reason::NotRegularFile:
    case Reason::SystemError: // worded by the system
        break;
    }
    return QT_TRANSLATE_NOOP("FolderSnapshot", "not a regular file");
}

QString FolderSnapshot::LeftOut::reasonInAppLanguage() const
{
    return reason == Reason::SystemError
        ? systemMessage
        : QCoreApplication::translate("FolderSnapshot", reasonText(reason));
}

FolderSnapshot FolderSnapshot::take(const QString &folder)
{
    FolderSnapshot snapshot;
    snapshot.root = QFileInfo(folder).absoluteFilePath();
    const QByteArray encoded = QFile::encodeName(snapshot.root);
    const QByteArray rootReal = realPath(encoded);
    const BlobIdentity identity = BlobIdentity::ofEncodedPath(encoded);
    QByteArray name = QFileInfo(snapshot.root).fileName().toUtf8();
    if (name.isEmpty())
        name = "folder"; // the file system's root
    if (rootReal.isEmpty() || !identity.exists)
        return snapshot;
    FolderWalker(snapshot, rootReal).walk(encoded, name + '/', identity);
    return snapshot;
}

QByteArray FolderSnapshot::etag() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const ArchiveEntry &entry : entries) {
        const qint64 numbers[]
            = {entry.name.size(), qint64(entry.identity.device), qint64(entry.identity.inode),
               entry.size(), entry.identity.mtimeNs};
        hash.addData(entry.name);
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(numbers), sizeof numbers));
    }
    return "\"zip-" + hash.result().left(16).toHex() + '"';
}

} // namespace Sluice
