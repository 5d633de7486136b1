#include "sharesettingsdialog.h"

#include <algorithm>
#include <chrono>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>

#include "sharerules.h"
#include "ui_sharesettingsdialog.h"

namespace Sluice {
namespace {

// Rows of durationUnitCombo.
constexpr std::chrono::seconds durationUnits[]
    = {std::chrono::minutes(1), std::chrono::hours(1), std::chrono::hours(24)};
constexpr int hoursUnit = 1;
constexpr int daysUnit = 2;

} // namespace

ShareSettingsDialog::ShareSettingsDialog(const QString &shareName, const QJsonObject &policies,
                                         int completedDownloads, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ShareSettingsDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("shareSettingsDialog"));
    setWindowTitle(tr("Limits of %1").arg(shareName));
    m_ui->errorLabel->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
    m_ui->durationUnitCombo->setCurrentIndex(daysUnit);
    showExpiry(ShareRules::expiresAt(policies));

    const int cap = ShareRules::maxDownloads(policies);
    m_ui->capCheck->setChecked(cap > 0);
    m_ui->capSpin->setValue(cap > 0 ? cap : completedDownloads + 1);
    m_ui->capStateLabel->setText(
        tr("Completed so far: %1. Once the limit is reached, new clients get “410 Gone”; "
           "clients that started can still finish.")
            .arg(completedDownloads));

    for (QAbstractButton *button : {static_cast<QAbstractButton *>(m_ui->neverRadio),
                                    static_cast<QAbstractButton *>(m_ui->afterRadio),
                                    static_cast<QAbstractButton *>(m_ui->atRadio),
                                    static_cast<QAbstractButton *>(m_ui->capCheck)})
        connect(button, &QAbstractButton::toggled, this, &ShareSettingsDialog::updateControls);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ShareSettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateControls();
}

ShareSettingsDialog::~ShareSettingsDialog() = default;

void ShareSettingsDialog::showExpiry(const QDateTime &expiresAt)
{
    const QDateTime now = QDateTime::currentDateTime();
    if (!expiresAt.isValid()) {
        m_ui->expiryStateLabel->setText(tr("The links work until the share is removed."));
        m_ui->neverRadio->setChecked(true);
        m_ui->expiryEdit->setDateTime(now.addDays(1));
        return;
    }
    const QString when = QLocale().toString(expiresAt.toLocalTime(), QLocale::ShortFormat);
    if (expiresAt <= now) {
        // Renewing is the likely wish: offer a time to come rather than the one that passed.
        m_ui->expiryStateLabel->setText(
            tr("The links expired at %1. Choose a new time to renew them.").arg(when));
        m_ui->afterRadio->setChecked(true);
        m_ui->durationUnitCombo->setCurrentIndex(hoursUnit);
        m_ui->expiryEdit->setDateTime(now.addDays(1));
        return;
    }
    m_ui->expiryStateLabel->setText(tr("The links expire at %1.").arg(when));
    m_ui->atRadio->setChecked(true);
    m_ui->expiryEdit->setDateTime(expiresAt.toLocalTime());
}

void ShareSettingsDialog::updateControls()
{
    m_ui->durationSpin->setEnabled(m_ui->afterRadio->isChecked());
    m_ui->durationUnitCombo->setEnabled(m_ui->afterRadio->isChecked());
    m_ui->expiryEdit->setEnabled(m_ui->atRadio->isChecked());
    m_ui->capSpin->setEnabled(m_ui->capCheck->isChecked());
}

void ShareSettingsDialog::accept()
{
    const QDateTime now = QDateTime::currentDateTime();
    QDateTime expiresAt;
    if (m_ui->afterRadio->isChecked()) {
        const std::chrono::seconds unit
            = durationUnits[std::clamp(m_ui->durationUnitCombo->currentIndex(), 0, 2)];
        expiresAt = now.addSecs(m_ui->durationSpin->value() * unit.count());
    } else if (m_ui->atRadio->isChecked()) {
        expiresAt = m_ui->expiryEdit->dateTime();
        if (expiresAt <= now) {
            // Inline, and the dialog stays open: nothing changes until the time is one to come.
            m_ui->errorLabel->setText(
                tr("%1 has passed: choose a time in the future.")
                    .arg(QLocale().toString(expiresAt, QLocale::ShortFormat)));
            m_ui->errorLabel->show();
            m_ui->expiryEdit->setFocus();
            return;
        }
    }
    m_expiresAt = expiresAt;
    m_maxDownloads = m_ui->capCheck->isChecked() ? m_ui->capSpin->value() : 0;
    QDialog::accept();
}

} // namespace Sluice
