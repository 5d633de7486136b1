#pragma once

#include <map>

#include <QFrame>

class QLabel;

namespace Sluice {

// A bar above the lists for problems that are still in effect: shown while any is, each on a
// line of its own, and hidden when the last one clears. It is an alert to assistive technology
// (role AlertMessage) and announces itself when a problem appears or changes.
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Condition { PortInUse, AddressLost, AcceptingPaused };

    explicit MessageBar(QWidget *parent = nullptr);

    void setCondition(Condition condition, const QString &text);
    void clearCondition(Condition condition);
    bool hasCondition(Condition condition) const { return m_conditions.contains(condition); }
    QString text() const;

private:
    // Shows what is in effect; `announce` tells assistive technology about it.
    void refresh(bool announce);

    QLabel *m_icon = nullptr;
    QLabel *m_label = nullptr;
    std::map<Condition, QString> m_conditions; // shown in this order
};

} // namespace Sluice
