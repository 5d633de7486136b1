#include "qrcode.h"

#include <qrencode.h>

#include <QPainter>

namespace Sluice {
namespace {

constexpr int quietZoneModules = 4; // required around the symbol by ISO/IEC 18004

} // namespace

QrCode QrCode::encode(const QString &text)
{
    QrCode code;
    const QByteArray utf8 = text.toUtf8();
    QRcode *raw = QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M);
    if (!raw)
        return code;
    code.m_size = raw->width;
    code.m_modules.resize(size_t(raw->width) * size_t(raw->width));
    for (size_t i = 0; i < code.m_modules.size(); ++i)
        code.m_modules[i] = raw->data[i] & 1; // bit 0: dark module
    QRcode_free(raw);
    return code;
}

QImage QrCode::toImage(int scale) const
{
    const int side = (m_size + 2 * quietZoneModules) * scale;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (isDark(x, y))
                painter.fillRect((x + quietZoneModules) * scale, (y + quietZoneModules) * scale,
                                 scale, scale, Qt::black);
        }
    }
    return image;
}

} // namespace Sluice
