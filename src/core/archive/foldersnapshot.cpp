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

QString tr(const char *text)
{
    return QCoreApplication::translate("FolderSnapshot", text);
}

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

QString kindOf(mode_t mode)
{
    if (S_ISSOCK(mode))
        return tr("a socket");
    if (S_ISFIFO(mode))
        return tr("a named pipe");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return tr("a device");
    return tr("not a regular file");
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
    void leaveOut(const QByteArray &name, const QString &reason)
    {
        m_snapshot.leftOut.append({QString::fromUtf8(name), reason});
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
            leaveOut(name.toPercentEncoding("/"), tr("the name is not UTF-8"));
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
                leaveOut(name, tr("a link that leads nowhere"));
                return false;
            }
            if (target != m_rootReal && !target.startsWith(QByteArray(m_rootReal + '/'))) {
                leaveOut(name, tr("a link that leads outside the folder"));
                return false;
            }
            if (::stat(path.constData(), &st) != 0) {
                leaveOut(name, QString::fromLocal8Bit(std::strerror(errno)));
                return false;
            }
        }
        const BlobIdentity identity = BlobIdentity::ofEncodedPath(path);
        if (!identity.exists) {
            leaveOut(name, tr("it vanished"));
            return false;
        }
        if (S_ISDIR(st.st_mode)) {
            if (name.size() + 1 > maxNameBytes) {
                leaveOut(name, tr("the name is longer than ZIP's 65,535 bytes"));
                return false;
            }
            if (m_ancestors.contains({identity.device, identity.inode})) {
                leaveOut(name, tr("a link to a folder that contains it"));
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
            leaveOut(name, tr("the name is longer than ZIP's 65,535 bytes"));
            return false;
        }
        if (!BlobIdentity::permitsReading(path, identity)) {
            leaveOut(name, tr("permission denied"));
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
