#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QList>
#include <QObject>

#include "fileworkers.h"
#include "share.h"

namespace Sluice {

// The files on offer, keyed by token. Paths never map to the file system beyond this table.
class ShareRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ShareRegistry(QObject *parent = nullptr);

    struct AddResult
    {
        QByteArray token; // empty on failure
        QString error; // why the file cannot be shared
    };
    // Shares a readable regular file. Sharing the same path again returns the existing token.
    AddResult addFile(const QString &path);
    bool remove(const QByteArray &token);

    const Share *find(QByteArrayView token) const;
    QList<Share> shares() const { return m_shares; }
    int count() const { return int(m_shares.size()); }

    // Looks at the file again; updates status, identity and type, and signals a difference.
    BlobIdentity refresh(const QByteArray &token);
    // refresh() at most once per share and `round` (a scheduler pass's batch of requests, never
    // 0): the requests answered together share one stat(2), as a busy server's keep-alive
    // clients send dozens per pass. A file changed during the round is seen by the next one;
    // transfers' own per-chunk checks are not affected. Round 0 always refreshes.
    BlobIdentity refreshOncePerRound(const QByteArray &token, quint64 round);
    // The share's current version, opened on first use and kept open while it stays current;
    // null when the share is missing or the file cannot be opened as that version.
    std::shared_ptr<const OpenFile> openCurrentFile(const QByteArray &token);
    void recordCompletedDownload(const QByteArray &token);
    // The threads that stat, open and read shared files, off the event loop.
    FileWorkers &workers() { return m_workers; }

Q_SIGNALS:
    void shareAdded(const QByteArray &token);
    void shareAboutToBeRemoved(const QByteArray &token);
    void shareRemoved(const QByteArray &token);
    void shareChanged(const QByteArray &token);

private:
    FileWorkers m_workers;
    Share *findMutable(QByteArrayView token);
    static QByteArray newToken();

    QList<Share> m_shares;
    // Notices deletion and changes between requests, so the window can mark the share.
    QFileSystemWatcher m_watcher;
    quint64 m_round = 0;
    QList<QByteArray> m_refreshedThisRound;
};

} // namespace Sluice
