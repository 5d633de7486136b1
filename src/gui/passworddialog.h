#pragma once

#include <memory>

#include <QDialog>

namespace Ui {
class PasswordDialog;
}

class QPushButton;

namespace Sluice {

// Asks for a share's password: typed (hidden unless shown) or generated, readable and random.
// A share that has one can also have it removed here.
class PasswordDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { Keep, Set, Remove };

    PasswordDialog(const QString &shareName, bool hasPassword, QWidget *parent = nullptr);
    ~PasswordDialog() override;

    Choice choice() const { return m_choice; }
    QString password() const; // for Choice::Set

private:
    void generate();
    void updateOk();

    std::unique_ptr<Ui::PasswordDialog> m_ui;
    QPushButton *m_removeButton = nullptr;
    Choice m_choice = Choice::Keep;
};

} // namespace Sluice
