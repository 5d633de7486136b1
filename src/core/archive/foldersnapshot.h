#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "blobidentity.h"

namespace Sluice {

// One member of a folder's archive, as it was when the folder was shared.
struct ArchiveEntry
{
    QByteArray name; // UTF-8, '/'-separated, starting with the folder's name; folders end in '/'
    QByteArray encodedPath; // absolute, for system calls
    BlobIdentity identity; // stat(2) of the path (links followed)

    bool isDirectory() const { return name.endsWith('/'); }
    qint64 size() const { return isDirectory() ? 0 : identity.size; }
};

// What a folder holds, taken once when it is shared: the files and empty folders that go into
// its archive, in a stable order, and what was left out with the reason.
struct FolderSnapshot
{
    struct LeftOut
    {
        enum class Reason {
            NameNotUtf8,
            LinkLeadsNowhere,
            LinkLeadsOutside,
            Vanished,
            NameTooLong,
            LinkToAncestor,
            PermissionDenied,
            Socket,
            NamedPipe,
            Device,
            NotRegularFile,
            SystemError, // systemMessage says why
        };
        QString path; // relative to the folder's parent, as in the archive
        Reason reason = Reason::NotRegularFile;
        QString systemMessage; // the system's own text (strerror)

        // The reason's English text, marked for translation in the "FolderSnapshot" context:
        // the window words it in its language, a page in its request's.
        static const char *reasonText(Reason reason);
        // The reason in the application's language.
        QString reasonInAppLanguage() const;
    };

    QString root; // absolute path of the folder
    QList<ArchiveEntry> entries;
    QList<LeftOut> leftOut;
    int fileCount = 0;
    qint64 fileBytes = 0;
    qint64 newestMtimeNs = 0;

    // Walks `folder` (no I/O beyond lstat, stat, access and reading its folders). Symbolic links
    // are followed only when they lead inside the folder; sockets, FIFOs, devices, unreadable
    // files and names that are not UTF-8 are left out.
    static FolderSnapshot take(const QString &folder);
    // A strong ETag over every path, size, modification time and inode.
    QByteArray etag() const;
};

} // namespace Sluice
