#include "qrsvg.h"

#include <qrencode.h>

#include <QStringBuilder>

namespace Sluice {
namespace {

constexpr int quietZoneModules = 4; // required around the symbol by ISO/IEC 18004

} // namespace

QByteArray qrCodeSvg(const QByteArray &text, const QByteArray &ariaLabel)
{
    QRcode *code = QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M);
    if (!code)
        return {};
    const int width = code->width;
    const QByteArray side = QByteArray::number(width + 2 * quietZoneModules);
    QByteArray path;
    for (int y = 0; y < width; ++y) {
        const unsigned char *row = code->data + qsizetype(y) * width;
        for (int x = 0; x < width;) {
            if (!(row[x] & 1)) { // bit 0: dark module
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (row[x + run] & 1))
                ++run;
            path += 'M';
            path += QByteArray::number(x + quietZoneModules);
            path += ' ';
            path += QByteArray::number(y + quietZoneModules);
            path += 'h';
            path += QByteArray::number(run);
            path += "v1h-";
            path += QByteArray::number(run);
            path += 'z';
            x += run;
        }
    }
    QRcode_free(code);
    QByteArray svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ";
    svg += side + ' ' + side;
    svg += "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"";
    svg += ariaLabel;
    svg += "\"><rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/><path d=\"";
    svg += path;
    svg += "\" fill=\"#000\"/></svg>";
    return svg;
}

} // namespace Sluice
