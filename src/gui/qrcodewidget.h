#pragma once

#include <QWidget>

#include "qrcode.h"

namespace Sluice {

// Paints a QR code crisply at any size: whole-pixel modules, centred, with a quiet zone, dark
// on light whatever the palette (scanners expect that).
class QrCodeWidget : public QWidget
{
    Q_OBJECT
public:
    explicit QrCodeWidget(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    const QrCode &code() const { return m_code; }
    QSize sizeHint() const override { return {220, 220}; }
    QSize minimumSizeHint() const override { return {120, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
    QrCode m_code;
};

} // namespace Sluice
