#pragma once

#include <QColor>

namespace Sluice {

// WCAG 2 contrast ratio between two colours: 1 (none) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

// The first of `preferred`, `fallback`, black or white that reads on `background` (contrast of
// at least 4.5:1, WCAG AA for normal text); black or white, whichever is stronger, otherwise.
QColor readableTextColour(const QColor &background, const QColor &preferred,
                          const QColor &fallback);

} // namespace Sluice
