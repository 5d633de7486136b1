#pragma once

#include <map>

#include <QList>
#include <QtGlobal>

namespace Sluice {

// A set of byte ranges [first, end), kept merged: what one client has received of a file, from
// any number of responses in any order.
class ByteIntervals
{
public:
    void add(qint64 first, qint64 end);
    // Whether [0, size) is covered entirely (an empty file is covered by any download).
    bool covers(qint64 size) const;
    qint64 coveredBytes() const;
    bool isEmpty() const { return m_ranges.empty(); }
    int rangeCount() const { return int(m_ranges.size()); }
    // The ranges [first, end), in order.
    QList<std::pair<qint64, qint64>> ranges() const { return {m_ranges.cbegin(), m_ranges.cend()}; }

private:
    std::map<qint64, qint64> m_ranges; // first -> end, disjoint and not touching
};

} // namespace Sluice
