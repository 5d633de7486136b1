#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include "foldersnapshot.h"
#include "pagelanguages.h"

namespace Sluice {

// The HTML pages a browser sees: a share's landing page, the password form of a protected
// share, and the root index. Phone first and self-contained: no script, no external resource,
// one inline style allowed by its hash in the Content-Security-Policy, every name escaped.
// Each is written in the language it is given (the request's), never the process's.
namespace SharePage {

struct Content
{
    QString name;
    qint64 size = 0;
    QString mimeType;
    QDateTime modified;
    QByteArray sha256; // raw; empty while it is computed
    bool hashed = true; // false: no SHA-256 is computed for this share (a folder's archive)
    int hashPercent = 0; // of the pass under way, while sha256 is empty
    QByteArray origin; // "http://host:port" from the request, for command lines and the QR code
    QByteArray pagePath; // each percent-encoded, from the root
    QByteArray filePath;
    QByteArray checksumPath;
    // A folder's archive: its first members (name, size; folders end in '/'), how many entries
    // and files it holds, and what was left out, with the reason. The page lists a few of each.
    QList<QPair<QString, qint64>> members;
    qsizetype memberCount = 0;
    int fileCount = 0;
    QList<FolderSnapshot::LeftOut> leftOut;
};

struct IndexEntry
{
    QString name; // empty: protected, shown without its name
    qint64 size = 0;
    QByteArray pagePath;
};

QByteArray page(const Content &content, const PageLanguage &language);
// The form of a protected share: nothing about the file, only that a password is needed.
QByteArray passwordForm(const QByteArray &formAction, bool wrongPassword,
                        const PageLanguage &language);
QByteArray index(const QList<IndexEntry> &entries, const PageLanguage &language);
// A short page for errors a browser may see (forged or expired links and the like).
QByteArray message(const QString &title, const QString &text, const PageLanguage &language);

// The value of Content-Security-Policy for these pages: nothing but their own inline style,
// forms posted to this server, no framing.
QByteArray contentSecurityPolicy();

} // namespace SharePage
} // namespace Sluice
