#include "archivetree.h"

#include <cstdlib>

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include "httptestclient.h"

namespace SluiceTest {
namespace {

bool sameContent(const QString &a, const QString &b)
{
    QFile first(a);
    QFile second(b);
    if (!first.open(QIODevice::ReadOnly) || !second.open(QIODevice::ReadOnly)
        || first.size() != second.size())
        return false;
    while (!first.atEnd()) {
        if (first.read(1 << 20) != second.read(1 << 20))
            return false;
    }
    return true;
}

} // namespace

QString verifyArchive(const QString &archive, const ExpectedMembers &expected,
                      const QString &scratchDir)
{
    const auto tool = [](const char *name) {
        return QStandardPaths::findExecutable(QString::fromLatin1(name));
    };
    const struct
    {
        const char *program;
        QStringList arguments;
    } checks[] = {
        {"unzip", {QStringLiteral("-tq"), archive}},
        {"7z", {QStringLiteral("t"), archive}},
        {"bsdtar", {QStringLiteral("-tf"), archive}},
        {"python3",
         {QStringLiteral("-c"),
          QStringLiteral("import sys, zipfile\n"
                         "with zipfile.ZipFile(sys.argv[1]) as z:\n"
                         "    bad = z.testzip()\n"
                         "    sys.exit('bad member: %s' % bad if bad else 0)\n"),
          archive}},
        // What the tools forgive: every member stored, UTF-8 names (flag bit 11), each file's
        // data followed by a signed data descriptor (bit 3), and the ZIP64 extra first where a
        // size or offset needs it.
        {"python3",
         {QStringLiteral("-c"),
          QStringLiteral(
              "import struct, sys, zipfile\n"
              "with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[1], 'rb') as raw:\n"
              "    for info in z.infolist():\n"
              "        name = info.filename\n"
              "        if info.compress_type != zipfile.ZIP_STORED: sys.exit('compressed: ' + "
              "name)\n"
              "        if not info.flag_bits & 0x800: sys.exit('no UTF-8 flag: ' + name)\n"
              "        raw.seek(info.header_offset)\n"
              "        local = raw.read(30)\n"
              "        flags, = struct.unpack('<H', local[6:8])\n"
              "        name_length, extra_length = struct.unpack('<HH', local[26:30])\n"
              "        if local[:4] != b'PK\\x03\\x04' or not flags & 0x800: sys.exit('local "
              "header: ' + name)\n"
              "        raw.seek(name_length, 1)\n"
              "        local_extra = raw.read(extra_length)\n"
              "        big = info.file_size >= 0xFFFFFFFF or info.header_offset >= 0xFFFFFFFF\n"
              "        if big and not info.extra.startswith(b'\\x01\\x00'): sys.exit('ZIP64 extra "
              "not first: ' + name)\n"
              "        if info.file_size >= 0xFFFFFFFF and not "
              "local_extra.startswith(b'\\x01\\x00'): sys.exit('local ZIP64 extra not first: ' + "
              "name)\n"
              "        if name.endswith('/'): continue\n"
              "        if not flags & 0x8: sys.exit('no data descriptor flag: ' + name)\n"
              "        raw.seek(info.compress_size, 1)\n"
              "        if raw.read(4) != b'PK\\x07\\x08': sys.exit('unsigned data descriptor: ' + "
              "name)\n"),
          archive}},
    };
    for (const auto &check : checks) {
        const QString program = tool(check.program);
        if (program.isEmpty())
            return QStringLiteral("%1 is not installed").arg(QLatin1String(check.program));
        const ToolResult result = runTool(program, check.arguments, scratchDir, 600'000);
        if (result.exitCode != 0)
            return QStringLiteral("%1 failed (%2): %3")
                .arg(QLatin1String(check.program))
                .arg(result.exitCode)
                .arg(QString::fromLocal8Bit(result.output.right(2000)));
    }

    const QString out = QDir(scratchDir).filePath(QStringLiteral("extracted"));
    QDir(out).removeRecursively();
    const ToolResult unzip
        = runTool(tool("unzip"), {QStringLiteral("-q"), archive, QStringLiteral("-d"), out},
                  scratchDir, 600'000);
    if (unzip.exitCode != 0)
        return QStringLiteral("unzip failed: ") + QString::fromLocal8Bit(unzip.output.right(2000));

    QStringList found;
    QDirIterator it(out, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString relative = QDir(out).relativeFilePath(it.filePath());
        if (it.fileInfo().isDir()) {
            // Folders appear as entries only when empty.
            if (QDir(it.filePath()).isEmpty())
                found.append(relative + u'/');
            continue;
        }
        found.append(relative);
        const auto source = expected.constFind(relative);
        if (source == expected.constEnd())
            return QStringLiteral("unexpected member %1").arg(relative);
        if (!sameContent(it.filePath(), *source))
            return QStringLiteral("%1 differs from %2").arg(relative, *source);
        // unzip restores the time from the archive (whole seconds in the extended timestamp).
        const qint64 drift = std::abs(it.fileInfo().lastModified().toSecsSinceEpoch()
                                      - QFileInfo(*source).lastModified().toSecsSinceEpoch());
        if (drift > 1)
            return QStringLiteral("%1 has another modification time than %2")
                .arg(relative, *source);
    }
    found.sort();
    QStringList wanted = expected.keys();
    wanted.sort();
    if (found != wanted)
        return QStringLiteral("members differ: got %1, expected %2")
            .arg(found.join(u','), wanted.join(u','));
    QDir(out).removeRecursively();
    return {};
}

} // namespace SluiceTest
