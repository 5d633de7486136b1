#include "destructiveprompt.h"

#include <QMessageBox>
#include <QPushButton>

namespace Sluice {

bool confirmDestructive(QWidget *parent, const DestructivePrompt &prompt)
{
    QMessageBox box(QMessageBox::Warning, prompt.title, prompt.text, QMessageBox::NoButton, parent);
    box.setObjectName(prompt.name);
    QPushButton *destructive
        = box.addButton(prompt.destructiveButton, QMessageBox::DestructiveRole);
    QPushButton *safe = box.addButton(prompt.safeButton, QMessageBox::RejectRole);
    box.setDefaultButton(safe);
    box.setEscapeButton(safe);
    box.exec();
    return box.clickedButton() == destructive;
}

} // namespace Sluice
