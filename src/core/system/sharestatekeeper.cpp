#include "sharestatekeeper.h"

#include <chrono>

#include <QLoggingCategory>

#include "shareregistry.h"

Q_DECLARE_LOGGING_CATEGORY(lcState)

namespace Sluice {
namespace {

// Changes come in bursts (a drop of many files, completions): one write for the burst.
constexpr std::chrono::milliseconds saveDelay {500};

} // namespace

ShareStateKeeper::ShareStateKeeper(ShareRegistry &shares, ShareStateFile file, QObject *parent)
    : QObject(parent)
    , m_shares(shares)
    , m_file(std::move(file))
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(saveDelay);
    connect(&m_saveTimer, &QTimer::timeout, this, &ShareStateKeeper::saveNow);
    connect(&shares, &ShareRegistry::shareAdded, this, &ShareStateKeeper::scheduleSave);
    connect(&shares, &ShareRegistry::shareRemoved, this, &ShareStateKeeper::scheduleSave);
    connect(&shares, &ShareRegistry::shareChanged, this, &ShareStateKeeper::scheduleSave);
}

ShareStateKeeper::~ShareStateKeeper()
{
    if (m_saveTimer.isActive())
        saveNow();
}

ShareStateKeeper::Restored ShareStateKeeper::restore()
{
    const ShareStateFile::Loaded loaded = m_file.load();
    Restored restored;
    restored.problem = loaded.problem;
    restored.movedTo = loaded.movedTo;
    for (const SavedShare &share : loaded.shares) {
        if (m_shares.restore(share))
            ++restored.shares;
    }
    m_saveTimer.stop(); // what was just read is what the file holds
    m_lastSaved = loaded.problem.isEmpty() ? ShareStateFile::encode(currentShares()) : QByteArray();
    return restored;
}

void ShareStateKeeper::setRemembering(bool on)
{
    m_remembering = on;
    if (on) {
        m_lastSaved.clear();
        scheduleSave();
        return;
    }
    m_saveTimer.stop();
    if (!m_file.remove())
        Q_EMIT saveFailed(tr("Cannot delete the saved shares in %1").arg(m_file.path()));
}

void ShareStateKeeper::scheduleSave()
{
    if (m_remembering && !m_saveTimer.isActive())
        m_saveTimer.start();
}

void ShareStateKeeper::saveNow()
{
    m_saveTimer.stop();
    if (!m_remembering)
        return;
    const QList<SavedShare> shares = currentShares();
    const QByteArray encoded = ShareStateFile::encode(shares);
    if (encoded == m_lastSaved)
        return;
    QString error;
    if (!m_file.save(shares, &error)) {
        qCWarning(lcState, "cannot save the shares to %s: %s", qPrintable(m_file.path()),
                  qPrintable(error));
        Q_EMIT saveFailed(tr("Cannot save the shares to %1: %2").arg(m_file.path(), error));
        return;
    }
    m_lastSaved = encoded;
}

QList<SavedShare> ShareStateKeeper::currentShares() const
{
    QList<SavedShare> saved;
    for (const Share &share : m_shares.shares()) {
        // A folder's archive is its snapshot, taken when it is shared: not carried over.
        if (share.archive)
            continue;
        SavedShare entry;
        entry.token = share.token;
        entry.path = share.path;
        entry.name = share.name;
        entry.mimeType = share.mimeType;
        entry.sharedIdentity = share.sharedIdentity;
        entry.sharedAt = share.sharedAt;
        entry.completedDownloads = share.completedDownloads;
        entry.policies = share.policies;
        entry.downloadClients = share.downloadClients;
        saved.append(entry);
    }
    return saved;
}

} // namespace Sluice
