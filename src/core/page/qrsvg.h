#pragma once

#include <QByteArray>

namespace Sluice {

// The QR code of `text` (libqrencode, error level M) as an inline SVG element: black modules
// on a white square with the 4-module quiet zone, each row's runs of dark modules one
// subpath, so a page link's code stays a few KiB. Empty when the text does not fit a code.
QByteArray qrCodeSvg(const QByteArray &text, const QByteArray &ariaLabel);

} // namespace Sluice
