#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "blobidentity.h"
#include "downloadrecord.h"

namespace Sluice {

// A share as it is remembered between runs: its token keeps printed links and QR codes working.
struct SavedShare
{
    QByteArray token;
    QString path; // absolute
    QString name;
    QString mimeType;
    BlobIdentity sharedIdentity; // device, inode, size and time when it was shared
    QDateTime sharedAt;
    int completedDownloads = 0;
    DownloadRecords downloadClients; // which clients started, so they may resume after a restart
    // Per-share rules (expiry, download caps, a password hash), kept as their owners wrote them.
    QJsonObject policies;
};

// The file that holds the shares between runs (JSON, written atomically with QSaveFile).
class ShareStateFile
{
public:
    explicit ShareStateFile(QString path);
    // shares.json in the user's data folder ($XDG_DATA_HOME/Sluice/sluice).
    static QString defaultPath();
    QString path() const { return m_path; }

    struct Loaded
    {
        QList<SavedShare> shares;
        // Non-empty when the file could not be used: it was moved aside (to movedTo, if that
        // worked) and the run starts with no shares.
        QString problem;
        QString movedTo;
    };
    // No file yet is no problem: nothing was saved.
    Loaded load() const;
    bool save(const QList<SavedShare> &shares, QString *error) const;
    bool remove() const;

    static QByteArray encode(const QList<SavedShare> &shares);

private:
    QString moveAside() const;

    QString m_path;
};

} // namespace Sluice
