#pragma once

#include <QImage>
#include <QString>
#include <vector>

namespace Sluice {

// A QR code symbol as a square grid of dark and light modules (libqrencode, error level M).
class QrCode
{
public:
    static QrCode encode(const QString &text);

    bool isValid() const { return m_size > 0; }
    int size() const { return m_size; } // modules per side, without the quiet zone
    bool isDark(int x, int y) const { return m_modules[size_t(y) * size_t(m_size) + size_t(x)]; }
    // One pixel per module plus a 4-module quiet zone, scaled by `scale`: for files and decoders.
    QImage toImage(int scale) const;

private:
    int m_size = 0;
    std::vector<bool> m_modules;
};

} // namespace Sluice
