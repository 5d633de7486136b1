#pragma once

#include <functional>

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include "toolrun.h"

namespace SluiceTest {

// What extracting a folder's archive must give: every member name (as in the archive) and the
// file whose bytes it must hold; folders end in '/' and map to an empty path.
using ExpectedMembers = QMap<QString, QString>;

// Checks the archive with unzip -t, 7z t, bsdtar -tf and Python's zipfile.testzip, and its
// layout (stored members, UTF-8 flag, signed data descriptors, ZIP64 extra first), then extracts
// it with unzip and compares every member with `expected`, byte for byte and modification time.
// Empty on success, otherwise what went wrong.
QString verifyArchive(const QString &archive, const ExpectedMembers &expected,
                      const QString &scratchDir);

} // namespace SluiceTest
