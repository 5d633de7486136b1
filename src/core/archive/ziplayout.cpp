#include "ziplayout.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <limits>

#include <QCoreApplication>

namespace Sluice {
namespace {

constexpr quint32 localHeaderSignature = 0x04034b50;
constexpr quint32 descriptorSignature = 0x08074b50;
constexpr quint32 centralHeaderSignature = 0x02014b50;
constexpr quint32 zip64EndSignature = 0x06064b50;
constexpr quint32 zip64LocatorSignature = 0x07064b50;
constexpr quint32 endSignature = 0x06054b50;

constexpr quint16 flagDescriptor = 1 << 3;
constexpr quint16 flagUtf8 = 1 << 11;
constexpr quint16 madeByUnix = (3 << 8) | 63; // Unix, APPNOTE 6.3
constexpr quint16 zip64ExtraTag = 0x0001;
constexpr quint16 timestampExtraTag = 0x5455;
constexpr qint64 timestampExtraSize = 4 + 5; // header, flags, modification time
constexpr quint32 max32 = 0xFFFFFFFF;
constexpr quint16 max16 = 0xFFFF;

constexpr qint64 localHeaderFixed = 30;
constexpr qint64 centralHeaderFixed = 46;
constexpr qint64 endFixed = 22;
constexpr qint64 zip64EndFixed = 56;
constexpr qint64 zip64LocatorFixed = 20;

void put16(QByteArray &out, quint16 value)
{
    const char bytes[] = {char(value), char(value >> 8)};
    out.append(bytes, 2);
}

void put32(QByteArray &out, quint32 value)
{
    const char bytes[] = {char(value), char(value >> 8), char(value >> 16), char(value >> 24)};
    out.append(bytes, 4);
}

void put64(QByteArray &out, quint64 value)
{
    put32(out, quint32(value));
    put32(out, quint32(value >> 32));
}

// DOS date and time, in local time as ZIP tools expect, clamped to the years DOS can say.
QPair<quint16, quint16> dosDateTime(qint64 mtimeNs)
{
    const time_t seconds = time_t(mtimeNs / 1'000'000'000);
    struct tm local = {};
    if (!::localtime_r(&seconds, &local) || local.tm_year < 80)
        return {0, (0 << 9) | (1 << 5) | 1}; // 1980-01-01 00:00
    if (local.tm_year > 207)
        return {(23 << 11) | (59 << 5) | 29, quint16((127 << 9) | (12 << 5) | 31)};
    const quint16 time = quint16((local.tm_hour << 11) | (local.tm_min << 5) | (local.tm_sec / 2));
    const quint16 date
        = quint16(((local.tm_year - 80) << 9) | ((local.tm_mon + 1) << 5) | local.tm_mday);
    return {time, date};
}

bool addWithoutOverflow(qint64 &total, qint64 amount)
{
    return !__builtin_add_overflow(total, amount, &total);
}

} // namespace

std::shared_ptr<const ZipLayout> ZipLayout::build(QList<ArchiveEntry> entries, QString *error)
{
    std::shared_ptr<ZipLayout> layout(new ZipLayout);
    layout->m_entries = std::move(entries);
    layout->m_placements.resize(layout->m_entries.size());
    qint64 offset = 0;
    bool fits = true;
    for (qsizetype i = 0; i < layout->m_entries.size() && fits; ++i) {
        Placement &placement = layout->m_placements[i];
        placement.local = offset;
        const auto [time, date] = dosDateTime(layout->m_entries[i].identity.mtimeNs);
        placement.dosTime = time;
        placement.dosDate = date;
        fits = addWithoutOverflow(offset, layout->localHeaderSize(i))
            && addWithoutOverflow(offset, layout->m_entries[i].size())
            && addWithoutOverflow(offset, layout->descriptorSize(i));
    }
    layout->m_centralOffset = offset;
    for (qsizetype i = 0; i < layout->m_entries.size() && fits; ++i) {
        layout->m_placements[i].central = offset;
        fits = addWithoutOverflow(offset, layout->centralHeaderSize(i));
    }
    if (fits) {
        layout->m_centralSize = offset - layout->m_centralOffset;
        layout->m_endOffset = offset;
        fits = addWithoutOverflow(offset, layout->endSize());
    }
    if (!fits) {
        *error = QCoreApplication::translate(
            "ZipLayout",
            "the archive would be larger than 8 EiB, the most a ZIP64 archive "
            "served over HTTP can hold");
        return nullptr;
    }
    layout->m_size = offset;
    return layout;
}

bool ZipLayout::sizeNeedsZip64(qsizetype index) const
{
    return m_entries[index].size() >= max32;
}

bool ZipLayout::offsetNeedsZip64(qsizetype index) const
{
    return m_placements[index].local >= max32;
}

bool ZipLayout::needsZip64End() const
{
    return m_entries.size() >= max16 || m_centralSize >= max32 || m_centralOffset >= max32;
}

quint16 ZipLayout::versionNeeded(qsizetype index) const
{
    if (sizeNeedsZip64(index) || offsetNeedsZip64(index))
        return 45;
    return m_entries[index].isDirectory() ? 20 : 10;
}

qint64 ZipLayout::localHeaderSize(qsizetype index) const
{
    const qint64 zip64 = sizeNeedsZip64(index) ? 4 + 16 : 0;
    return localHeaderFixed + m_entries[index].name.size() + zip64 + timestampExtraSize;
}

qint64 ZipLayout::descriptorSize(qsizetype index) const
{
    if (m_entries[index].isDirectory())
        return 0;
    return sizeNeedsZip64(index) ? 4 + 4 + 8 + 8 : 4 + 4 + 4 + 4;
}

qint64 ZipLayout::centralHeaderSize(qsizetype index) const
{
    const int zip64Fields = (sizeNeedsZip64(index) ? 2 : 0) + (offsetNeedsZip64(index) ? 1 : 0);
    const qint64 zip64 = zip64Fields > 0 ? 4 + 8 * zip64Fields : 0;
    return centralHeaderFixed + m_entries[index].name.size() + zip64 + timestampExtraSize;
}

qint64 ZipLayout::endSize() const
{
    return (needsZip64End() ? zip64EndFixed + zip64LocatorFixed : 0) + endFixed;
}

ZipLayout::Span ZipLayout::spanAt(qint64 offset) const
{
    Span span;
    if (offset >= m_endOffset) {
        span.start = m_endOffset;
        span.length = m_size - m_endOffset;
        return span;
    }
    if (offset >= m_centralOffset) {
        const auto next = std::upper_bound(
            m_placements.cbegin(), m_placements.cend(), offset,
            [](qint64 value, const Placement &placement) { return value < placement.central; });
        span.entry = qsizetype(next - m_placements.cbegin()) - 1;
        span.kind = Span::Kind::CentralHeader;
        span.start = m_placements[span.entry].central;
        span.length = centralHeaderSize(span.entry);
        return span;
    }
    const auto next = std::upper_bound(
        m_placements.cbegin(), m_placements.cend(), offset,
        [](qint64 value, const Placement &placement) { return value < placement.local; });
    span.entry = qsizetype(next - m_placements.cbegin()) - 1;
    const qint64 headerStart = m_placements[span.entry].local;
    const qint64 dataStart = headerStart + localHeaderSize(span.entry);
    const qint64 descriptorStart = dataStart + m_entries[span.entry].size();
    if (offset < dataStart) {
        span.kind = Span::Kind::LocalHeader;
        span.start = headerStart;
        span.length = dataStart - headerStart;
    } else if (offset < descriptorStart) {
        span.kind = Span::Kind::FileData;
        span.start = dataStart;
        span.length = descriptorStart - dataStart;
    } else {
        span.kind = Span::Kind::Descriptor;
        span.start = descriptorStart;
        span.length = descriptorSize(span.entry);
    }
    return span;
}

bool ZipLayout::writeGenerated(const Span &span, qint64 offset, qint64 length, char *into,
                               const CrcTable &crcs) const
{
    // Headers are small: each is built whole, then the part asked for is copied.
    thread_local QByteArray scratch;
    scratch.clear();
    switch (span.kind) {
    case Span::Kind::LocalHeader:
        appendLocalHeader(scratch, span.entry);
        break;
    case Span::Kind::Descriptor:
    case Span::Kind::CentralHeader: {
        const std::optional<quint32> crc = crcs.crc(span.entry);
        if (!crc)
            return false;
        if (span.kind == Span::Kind::Descriptor)
            appendDescriptor(scratch, span.entry, *crc);
        else
            appendCentralHeader(scratch, span.entry, *crc);
        break;
    }
    case Span::Kind::End:
        appendEnd(scratch);
        break;
    case Span::Kind::FileData:
        return false;
    }
    Q_ASSERT(scratch.size() == span.length);
    std::memcpy(into, scratch.constData() + (offset - span.start), std::size_t(length));
    return true;
}

bool ZipLayout::crcsKnownFor(qint64 first, qint64 last, const CrcTable &crcs) const
{
    if (crcs.complete())
        return true;
    const auto overlaps = [&](qint64 start, qint64 length) {
        return length > 0 && start <= last && start + length > first;
    };
    for (qint64 offset = first; offset <= last && offset < m_endOffset;) {
        const Span span = spanAt(offset);
        if ((span.kind == Span::Kind::Descriptor || span.kind == Span::Kind::CentralHeader)
            && overlaps(span.start, span.length) && !crcs.crc(span.entry))
            return false;
        offset = span.end();
    }
    return true;
}

void ZipLayout::fillTrivialCrcs(CrcTable &crcs) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].size() == 0)
            crcs.setCrc(i, 0);
    }
}

void ZipLayout::appendTimestamp(QByteArray &out, qsizetype index) const
{
    // Extended timestamp: the modification time in UTC seconds, which DOS times cannot say.
    const qint64 seconds = m_entries[index].identity.mtimeNs / 1'000'000'000;
    put16(out, timestampExtraTag);
    put16(out, 5);
    out.append(char(1)); // modification time present
    put32(out, quint32(std::clamp<qint64>(seconds, 0, std::numeric_limits<qint32>::max())));
}

void ZipLayout::appendLocalHeader(QByteArray &out, qsizetype index) const
{
    const ArchiveEntry &entry = m_entries[index];
    const Placement &placement = m_placements[index];
    const bool zip64 = sizeNeedsZip64(index);
    put32(out, localHeaderSignature);
    put16(out, versionNeeded(index));
    put16(out, flagUtf8 | (entry.isDirectory() ? 0 : flagDescriptor));
    put16(out, 0); // stored
    put16(out, placement.dosTime);
    put16(out, placement.dosDate);
    // With bit 3 the CRC and sizes are zero here and follow the data in its descriptor.
    put32(out, 0);
    put32(out, zip64 ? max32 : 0);
    put32(out, zip64 ? max32 : 0);
    put16(out, quint16(entry.name.size()));
    put16(out, quint16((zip64 ? 4 + 16 : 0) + timestampExtraSize));
    out.append(entry.name);
    if (zip64) {
        // Both sizes, as a local ZIP64 field must have; zero like the fields it extends.
        put16(out, zip64ExtraTag);
        put16(out, 16);
        put64(out, 0);
        put64(out, 0);
    }
    appendTimestamp(out, index);
}

void ZipLayout::appendDescriptor(QByteArray &out, qsizetype index, quint32 crc) const
{
    const quint64 size = quint64(m_entries[index].size());
    put32(out, descriptorSignature);
    put32(out, crc);
    if (sizeNeedsZip64(index)) {
        put64(out, size);
        put64(out, size);
    } else {
        put32(out, quint32(size));
        put32(out, quint32(size));
    }
}

void ZipLayout::appendCentralHeader(QByteArray &out, qsizetype index, quint32 crc) const
{
    const ArchiveEntry &entry = m_entries[index];
    const Placement &placement = m_placements[index];
    const bool zip64Size = sizeNeedsZip64(index);
    const bool zip64Offset = offsetNeedsZip64(index);
    const int zip64Fields = (zip64Size ? 2 : 0) + (zip64Offset ? 1 : 0);
    const quint64 size = quint64(entry.size());
    quint32 attributes = entry.identity.mode << 16;
    if (entry.isDirectory())
        attributes |= 0x10; // MS-DOS directory
    put32(out, centralHeaderSignature);
    put16(out, madeByUnix);
    put16(out, versionNeeded(index));
    put16(out, flagUtf8 | (entry.isDirectory() ? 0 : flagDescriptor));
    put16(out, 0); // stored
    put16(out, placement.dosTime);
    put16(out, placement.dosDate);
    put32(out, crc);
    put32(out, zip64Size ? max32 : quint32(size));
    put32(out, zip64Size ? max32 : quint32(size));
    put16(out, quint16(entry.name.size()));
    put16(out, quint16((zip64Fields > 0 ? 4 + 8 * zip64Fields : 0) + timestampExtraSize));
    put16(out, 0); // comment
    put16(out, 0); // disk
    put16(out, 0); // internal attributes
    put32(out, attributes);
    put32(out, zip64Offset ? max32 : quint32(placement.local));
    out.append(entry.name);
    if (zip64Fields > 0) {
        // First among the extra fields, holding only what the header's fields could not.
        put16(out, zip64ExtraTag);
        put16(out, quint16(8 * zip64Fields));
        if (zip64Size) {
            put64(out, size);
            put64(out, size);
        }
        if (zip64Offset)
            put64(out, quint64(placement.local));
    }
    appendTimestamp(out, index);
}

void ZipLayout::appendEnd(QByteArray &out) const
{
    const quint64 count = quint64(m_entries.size());
    if (needsZip64End()) {
        put32(out, zip64EndSignature);
        put64(out, zip64EndFixed - 12); // the record's size after this field
        put16(out, madeByUnix);
        put16(out, 45);
        put32(out, 0); // this disk
        put32(out, 0); // the central directory's disk
        put64(out, count);
        put64(out, count);
        put64(out, quint64(m_centralSize));
        put64(out, quint64(m_centralOffset));
        put32(out, zip64LocatorSignature);
        put32(out, 0);
        put64(out, quint64(m_endOffset)); // where the ZIP64 end record starts
        put32(out, 1); // disks
    }
    put32(out, endSignature);
    put16(out, 0);
    put16(out, 0);
    put16(out, quint16(std::min<quint64>(count, max16)));
    put16(out, quint16(std::min<quint64>(count, max16)));
    put32(out, quint32(std::min<quint64>(quint64(m_centralSize), max32)));
    put32(out, quint32(std::min<quint64>(quint64(m_centralOffset), max32)));
    put16(out, 0); // comment
}

} // namespace Sluice
