#pragma once

#include <QObject>
#include <QTimer>

#include "sharestatefile.h"

namespace Sluice {

class ShareRegistry;

// Keeps the state file in step with the registry: restores the saved shares at start and saves
// again shortly after shares are added, removed or changed, only when the list differs.
class ShareStateKeeper : public QObject
{
    Q_OBJECT
public:
    ShareStateKeeper(ShareRegistry &shares, ShareStateFile file, QObject *parent = nullptr);
    ~ShareStateKeeper() override; // saves what is still pending

    struct Restored
    {
        int shares = 0;
        QString problem; // the file could not be used and was moved aside (see ShareStateFile)
        QString movedTo;
    };
    Restored restore();
    // Off: the saved list is deleted and nothing is written ("forget shares when Sluice quits").
    void setRemembering(bool on);
    bool isRemembering() const { return m_remembering; }
    void saveNow();
    const ShareStateFile &file() const { return m_file; }

Q_SIGNALS:
    void saveFailed(const QString &message);

private:
    void scheduleSave();
    QList<SavedShare> currentShares() const;

    ShareRegistry &m_shares;
    ShareStateFile m_file;
    QTimer m_saveTimer;
    QByteArray m_lastSaved;
    bool m_remembering = true;
};

} // namespace Sluice
