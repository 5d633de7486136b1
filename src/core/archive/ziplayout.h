#pragma once

#include <memory>

#include <QByteArray>
#include <QList>
#include <QString>

#include "crctable.h"
#include "foldersnapshot.h"

namespace Sluice {

// Where every byte of a folder's archive comes from, without holding the archive: a stored
// (uncompressed) ZIP whose headers are generated on demand and whose file data is read from the
// members themselves, so its exact size is known before the first byte and any range of it can
// be produced (APPNOTE 6.3.10). Each member has a local header (UTF-8 name, flag bit 11; bit 3:
// sizes and CRC follow the data), its data, and a data descriptor with its signature; folders
// have a header only. The central directory and its end follow. ZIP64 is used where a size, an
// offset or the entry count needs it, with the ZIP64 extra field first among the extra fields;
// every header also carries the extended timestamp (0x5455) beside the DOS time.
class ZipLayout
{
public:
    // Null, with `error` set, when the entries are beyond what ZIP64 (or qint64) describes.
    static std::shared_ptr<const ZipLayout> build(QList<ArchiveEntry> entries, QString *error);

    qint64 size() const { return m_size; }
    qsizetype entryCount() const { return m_entries.size(); }
    const ArchiveEntry &entry(qsizetype index) const { return m_entries[index]; }

    // One structure of the archive, or one member's data.
    struct Span
    {
        enum class Kind { LocalHeader, FileData, Descriptor, CentralHeader, End };
        Kind kind = Kind::End;
        qsizetype entry = -1; // all but End
        qint64 start = 0; // archive offset of its first byte
        qint64 length = 0;
        qint64 end() const { return start + length; }
    };
    // The span holding archive byte `offset` (< size()).
    Span spanAt(qint64 offset) const;
    // Copies the bytes [offset, offset + length) of a generated span (anything but FileData) to
    // `into`. False when they hold a CRC that `crcs` does not have yet.
    bool writeGenerated(const Span &span, qint64 offset, qint64 length, char *into,
                        const CrcTable &crcs) const;
    // Whether every CRC held by the archive bytes [first, last] is known.
    bool crcsKnownFor(qint64 first, qint64 last, const CrcTable &crcs) const;
    // The CRCs of folders and empty files, known without reading anything.
    void fillTrivialCrcs(CrcTable &crcs) const;

private:
    struct Placement
    {
        qint64 local = 0; // offset of the local header
        qint64 central = 0; // offset of the central header
        quint16 dosTime = 0;
        quint16 dosDate = 0;
    };

    ZipLayout() = default;
    qint64 localHeaderSize(qsizetype index) const;
    qint64 descriptorSize(qsizetype index) const;
    qint64 centralHeaderSize(qsizetype index) const;
    qint64 endSize() const;
    bool sizeNeedsZip64(qsizetype index) const;
    bool offsetNeedsZip64(qsizetype index) const;
    bool needsZip64End() const;
    quint16 versionNeeded(qsizetype index) const;
    void appendLocalHeader(QByteArray &out, qsizetype index) const;
    void appendDescriptor(QByteArray &out, qsizetype index, quint32 crc) const;
    void appendCentralHeader(QByteArray &out, qsizetype index, quint32 crc) const;
    void appendEnd(QByteArray &out) const;
    void appendTimestamp(QByteArray &out, qsizetype index) const;

    QList<ArchiveEntry> m_entries;
    QList<Placement> m_placements;
    qint64 m_centralOffset = 0;
    qint64 m_centralSize = 0;
    qint64 m_endOffset = 0;
    qint64 m_size = 0;
};

} // namespace Sluice
