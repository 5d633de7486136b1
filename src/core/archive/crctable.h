#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include <QtGlobal>

namespace Sluice {

// The CRC-32 of each member of an archive, filled in as they become known: by the background
// pass, or by a download that read a whole member. Lock-free, as file workers write it while
// the event loop and other workers read it.
class CrcTable
{
public:
    explicit CrcTable(qsizetype entries)
        : m_values(new std::atomic<quint64>[std::size_t(entries)])
        , m_size(entries)
    {
        for (qsizetype i = 0; i < entries; ++i)
            m_values[i].store(0, std::memory_order_relaxed);
    }

    std::optional<quint32> crc(qsizetype entry) const
    {
        const quint64 value = m_values[entry].load(std::memory_order_acquire);
        if (!(value & knownBit))
            return std::nullopt;
        return quint32(value);
    }
    void setCrc(qsizetype entry, quint32 crc)
    {
        const quint64 old = m_values[entry].exchange(knownBit | crc, std::memory_order_acq_rel);
        if (!(old & knownBit))
            m_known.fetch_add(1, std::memory_order_relaxed);
    }
    qsizetype size() const { return m_size; }
    qsizetype knownCount() const { return m_known.load(std::memory_order_relaxed); }
    bool complete() const { return knownCount() == m_size; }

private:
    static constexpr quint64 knownBit = quint64(1) << 32;
    std::unique_ptr<std::atomic<quint64>[]> m_values;
    qsizetype m_size;
    std::atomic<qsizetype> m_known {0};
};

} // namespace Sluice
