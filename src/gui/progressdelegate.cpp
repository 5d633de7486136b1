#include "progressdelegate.h"

#include <QApplication>
#include <QPainter>

#include "textcontrast.h"

namespace Sluice {

ProgressDelegate::ProgressDelegate(int progressRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_progressRole(progressRole)
{
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QRect cell = option.rect;
    if (cell.isEmpty())
        return;

    // The cell is drawn into an image first so that the text colour can be chosen against the
    // colours the style really painted: a theme's bar fill is often too close to its
    // highlighted-text colour to read.
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    QImage image(cell.size() * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(option.palette.color(QPalette::Base));

    const double progress = std::clamp(index.data(m_progressRole).toDouble(), 0.0, 1.0);
    const QRect barRect = QRect(QPoint(0, 0), cell.size()).adjusted(2, 2, -2, -2);
    {
        QPainter cellPainter(&image);
        QStyleOptionViewItem background = option;
        initStyleOption(&background, index);
        background.text.clear();
        background.rect = QRect(QPoint(0, 0), cell.size());
        style->drawControl(QStyle::CE_ItemViewItem, &background, &cellPainter, widget);

        QStyleOptionProgressBar bar;
        bar.rect = barRect;
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(progress * 1000);
        bar.textVisible = false;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        bar.direction = option.direction;
        style->drawControl(QStyle::CE_ProgressBar, &bar, &cellPainter, widget);
    }
    painter->drawImage(cell.topLeft(), image);

    const QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty())
        return;
    const int filled = int(barRect.width() * progress);
    const bool rightToLeft = option.direction == Qt::RightToLeft;
    QRect fillPart(barRect.left(), barRect.top(), filled, barRect.height());
    QRect trackPart(barRect.left() + filled, barRect.top(), barRect.width() - filled,
                    barRect.height());
    if (rightToLeft) {
        fillPart.moveRight(barRect.right());
        trackPart.moveLeft(barRect.left());
    }
    const auto colourAt = [&](const QRect &part) {
        return image.pixelColor((QPointF(part.center()) * ratio).toPoint()).toRgb();
    };

    painter->save();
    painter->setFont(option.font);
    const QRect textRect = barRect.translated(cell.topLeft());
    for (const auto &[part, preferred] :
         {std::pair {fillPart, QPalette::HighlightedText}, std::pair {trackPart, QPalette::Text}}) {
        if (part.width() <= 0)
            continue;
        painter->setClipRect(part.translated(cell.topLeft()));
        painter->setPen(readableTextColour(colourAt(part), option.palette.color(preferred),
                                           option.palette.color(QPalette::Text)));
        painter->drawText(textRect, Qt::AlignCenter, text);
    }
    painter->restore();
}

} // namespace Sluice
