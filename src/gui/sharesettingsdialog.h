#pragma once

#include <memory>

#include <QDateTime>
#include <QDialog>
#include <QJsonObject>

namespace Ui {
class ShareSettingsDialog;
}

namespace Sluice {

// Edits a share's limits: when its links expire (never, after a duration, at a time; a new
// time renews an expired share) and how many completed downloads it allows. A time that has
// passed is refused inline and nothing changes.
class ShareSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `policies` and `completedDownloads`: the share's now (the first of several selected).
    ShareSettingsDialog(const QString &shareName, const QJsonObject &policies,
                        int completedDownloads, QWidget *parent = nullptr);
    ~ShareSettingsDialog() override;

    // As chosen when OK was pressed: invalid for never; 0 for no cap.
    QDateTime expiresAt() const { return m_expiresAt; }
    int maxDownloads() const { return m_maxDownloads; }

    void accept() override;

private:
    void showExpiry(const QDateTime &expiresAt);
    void updateControls();

    std::unique_ptr<Ui::ShareSettingsDialog> m_ui;
    QDateTime m_expiresAt;
    int m_maxDownloads = 0;
};

} // namespace Sluice
