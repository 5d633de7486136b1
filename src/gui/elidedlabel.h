#pragma once

#include <QWidget>

namespace Sluice {

// One line of selectable-looking text that never asks for more width than a few characters:
// what does not fit is elided in the middle and the whole text is in the tooltip. For links
// and names, which cannot wrap and must never widen the window.
class ElidedLabel : public QWidget
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    // What is painted at the current width.
    QString shownText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
};

} // namespace Sluice
