#include "qrcodewidget.h"

#include <QPainter>

namespace Sluice {

QrCodeWidget::QrCodeWidget(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("QR code of the selected link"));
}

void QrCodeWidget::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_code = text.isEmpty() ? QrCode() : QrCode::encode(text);
    setToolTip(text);
    update();
}

void QrCodeWidget::paintEvent(QPaintEvent *)
{
    if (!m_code.isValid())
        return;
    QPainter painter(this);
    const int modules = m_code.size() + 8; // with the quiet zone
    const int side = std::min(width(), height());
    const int scale = std::max(1, side / modules); // whole pixels keep edges sharp
    const int drawn = modules * scale;
    const QPoint origin((width() - drawn) / 2, (height() - drawn) / 2);
    painter.fillRect(QRect(origin, QSize(drawn, drawn)), Qt::white);
    for (int y = 0; y < m_code.size(); ++y) {
        for (int x = 0; x < m_code.size(); ++x) {
            if (m_code.isDark(x, y))
                painter.fillRect(origin.x() + (x + 4) * scale, origin.y() + (y + 4) * scale, scale,
                                 scale, Qt::black);
        }
    }
}

} // namespace Sluice
