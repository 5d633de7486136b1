#pragma once

#include <vector>

#include <sys/resource.h>

namespace SluiceTest {

// Uses up this process's file descriptors for real: lowers the soft limit a little above what
// is open, then holds descriptors until none is left. release() gives them back; the destructor
// also restores the limit.
class DescriptorExhaustion
{
public:
    DescriptorExhaustion();
    ~DescriptorExhaustion();

    bool isExhausted() const { return m_exhausted; }
    // Frees one held descriptor, so the next open() or socket() gets it.
    bool freeOne();
    void release();

private:
    std::vector<int> m_held;
    struct rlimit m_saved = {};
    bool m_limited = false;
    bool m_exhausted = false;
};

} // namespace SluiceTest
