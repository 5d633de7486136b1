#include "byteintervals.h"

namespace Sluice {

void ByteIntervals::add(qint64 first, qint64 end)
{
    if (end <= first)
        return;
    // Merge with every range that overlaps or touches [first, end).
    auto it = m_ranges.upper_bound(first);
    if (it != m_ranges.begin() && std::prev(it)->second >= first)
        --it;
    while (it != m_ranges.end() && it->first <= end) {
        first = std::min(first, it->first);
        end = std::max(end, it->second);
        it = m_ranges.erase(it);
    }
    m_ranges.emplace(first, end);
}

bool ByteIntervals::covers(qint64 size) const
{
    if (size <= 0)
        return true;
    return m_ranges.size() == 1 && m_ranges.begin()->first <= 0 && m_ranges.begin()->second >= size;
}

qint64 ByteIntervals::coveredBytes() const
{
    qint64 total = 0;
    for (const auto &[first, end] : m_ranges)
        total += end - first;
    return total;
}

} // namespace Sluice
