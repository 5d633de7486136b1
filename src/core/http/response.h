#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

#include "blobidentity.h"
#include "folderarchive.h"
#include "openfile.h"

namespace Sluice {

// One piece of a response body: literal bytes, or a range of the shared file (of a shared
// folder's archive).
struct BodyPiece
{
    QByteArray literal;
    qint64 fileOffset = 0;
    qint64 fileLength = 0;

    bool isFile() const { return fileLength > 0; }
    qint64 length() const { return isFile() ? fileLength : literal.size(); }
};

struct Response
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>>
        headers; // without Date, Server, Connection, Content-Length
    QList<BodyPiece> body;
    bool headOnly = false; // HEAD: same head, no body
    bool mustClose = false; // the connection closes after this response

    // Set when the body reads the shared file: the share it came from and what the file was.
    QByteArray shareToken;
    QByteArray encodedFilePath; // as QFile::encodeName gives it, for system calls
    BlobIdentity fileIdentity;
    std::shared_ptr<const OpenFile> file; // that version, open; null if it could not be opened
    std::shared_ptr<FolderArchive> archive; // set for a folder: the body's ranges are its
    QByteArray rangeText; // "bytes a-b" for a partial response, for the transfer list
    // Who the delivered bytes count for (DownloadCounter::clientKey); empty: not counted.
    QByteArray downloadClient;
    // No answer yet: the share's file is being looked at (ShareRegistry::look). The request is
    // answered again once ShareRegistry::shareChecked names `shareToken`.
    bool deferred = false;

    qint64 bodyLength() const;
    bool readsFile() const { return !encodedFilePath.isEmpty(); }
    void addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
    }
    // For string literals (only): used in place rather than copied for every response.
    template<qsizetype N> void addHeader(const char (&name)[N], const QByteArray &value)
    {
        headers.append({QByteArray::fromRawData(name, N - 1), value});
    }
    template<qsizetype N, qsizetype M> void addHeader(const char (&name)[N], const char (&value)[M])
    {
        headers.append(
            {QByteArray::fromRawData(name, N - 1), QByteArray::fromRawData(value, M - 1)});
    }

    // Serialises the status line and header section, adding Date, Server, Content-Length and
    // Connection. `keepAlive` says whether the connection stays open; `http10Client` chooses the
    // explicit keep-alive token an HTTP/1.0 client needs.
    QByteArray serializeHead(bool keepAlive, bool http10Client) const;

    static QByteArrayView reasonPhrase(int status);
    // A short plain-text error response; 4xx/5xx answers to bad input also close the connection.
    static Response error(int status, const QByteArray &detail, bool close);
};

} // namespace Sluice
