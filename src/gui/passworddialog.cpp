#include "passworddialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>

#include "storedpassword.h"
#include "ui_passworddialog.h"

namespace Sluice {

PasswordDialog::PasswordDialog(const QString &shareName, bool hasPassword, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PasswordDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(tr("Password for %1").arg(shareName));
    m_ui->explanationLabel->setText(
        hasPassword ? tr("“%1” has a password. A new one replaces it: links with the old one "
                         "stop working.")
                          .arg(shareName)
                    : tr("Until the password is given, nobody learns anything about “%1”, not "
                         "even its name. Browsers ask for it on the file's page; command-line "
                         "clients send it as a user's password (curl -u :PASSWORD).")
                          .arg(shareName));
    if (hasPassword) {
        m_removeButton
            = m_ui->buttonBox->addButton(tr("Re&move password"), QDialogButtonBox::DestructiveRole);
        m_removeButton->setObjectName(QStringLiteral("removePasswordButton"));
        connect(m_removeButton, &QPushButton::clicked, this, [this] {
            m_choice = Choice::Remove;
            QDialog::accept();
        });
    }
    connect(m_ui->showCheck, &QCheckBox::toggled, this, [this](bool shown) {
        m_ui->passwordEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_ui->generateButton, &QPushButton::clicked, this, &PasswordDialog::generate);
    connect(m_ui->passwordEdit, &QLineEdit::textChanged, this, &PasswordDialog::updateOk);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        m_choice = Choice::Set;
        QDialog::accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();
}

PasswordDialog::~PasswordDialog() = default;

QString PasswordDialog::password() const
{
    return m_ui->passwordEdit->text();
}

void PasswordDialog::generate()
{
    // Shown, so it can be read out or copied before it is set.
    m_ui->passwordEdit->setText(generatePassword());
    m_ui->showCheck->setChecked(true);
    m_ui->passwordEdit->setFocus();
    m_ui->passwordEdit->selectAll();
}

void PasswordDialog::updateOk()
{
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!password().isEmpty());
}

} // namespace Sluice
