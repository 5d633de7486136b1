#include "messagebar.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace Sluice {
namespace {

constexpr int iconSize = 22;

// A plain frame would be announced as a "client" area: screen readers treat an alert message
// as something to read out when it appears.
QAccessibleInterface *accessibleMessageBar(const QString &className, QObject *object)
{
    if (className == QLatin1String(MessageBar::staticMetaObject.className()) && object
        && object->isWidgetType())
        return new QAccessibleWidget(static_cast<QWidget *>(object), QAccessible::AlertMessage);
    return nullptr;
}

} // namespace

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
{
    static const bool factoryInstalled = [] {
        QAccessible::installFactory(accessibleMessageBar);
        return true;
    }();
    Q_UNUSED(factoryInstalled)
    setObjectName(QStringLiteral("messageBar"));
    setAccessibleName(tr("Problems"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, colours.color(QPalette::ToolTipBase));
    colours.setColor(QPalette::WindowText, colours.color(QPalette::ToolTipText));
    setPalette(colours);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    m_label->setObjectName(QStringLiteral("messageBarText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    hide();
}

void MessageBar::setCondition(Condition condition, const QString &text)
{
    const auto known = m_conditions.find(condition);
    if (known != m_conditions.end() && known->second == text)
        return; // still in effect: said once is enough
    m_conditions[condition] = text;
    refresh(true);
}

void MessageBar::clearCondition(Condition condition)
{
    if (m_conditions.erase(condition))
        refresh(false);
}

QString MessageBar::text() const
{
    return m_label->text();
}

void MessageBar::refresh(bool announce)
{
    QStringList lines;
    for (const auto &[condition, text] : m_conditions)
        lines.append(text);
    m_label->setText(lines.join(u'\n'));
    setAccessibleDescription(m_label->text());
    setVisible(!m_conditions.empty());
    if (announce) {
        QAccessibleEvent alert(this, QAccessible::Alert);
        QAccessible::updateAccessibility(&alert);
    }
}

} // namespace Sluice
