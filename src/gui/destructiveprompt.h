#pragma once

#include <QString>

class QWidget;

namespace Sluice {

// What a prompt before a destructive step says; `name` is its object name (tests find it).
struct DestructivePrompt
{
    QString name;
    QString title;
    QString text;
    QString destructiveButton;
    QString safeButton;
};

// Asks before a step that cuts downloads short. The safe answer is the default and the
// escape: Enter pressed by habit cancels nothing. True only when the destructive one is chosen.
bool confirmDestructive(QWidget *parent, const DestructivePrompt &prompt);

} // namespace Sluice
