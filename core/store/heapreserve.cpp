// SPDX-License-Identifier: MIT
#include "heapreserve.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <vector>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace {
std::atomic<bool> g_keeps { false };

// Below glibc's largest mmap threshold, which keepFreedMemory() sets: blocks come from the heap, and
// go back to it when freed.
constexpr size_t kBlock = size_t(16) << 20;
#if defined(__GLIBC__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23 // Linux 5.14; older C library headers lack it
#endif
} // namespace

void HeapReserve::keepFreedMemory()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20); // the largest glibc accepts; larger blocks are still mapped
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    g_keeps.store(true, std::memory_order_relaxed);
#endif
}

bool HeapReserve::keepsFreedMemory()
{
    return g_keeps.load(std::memory_order_relaxed);
}

void HeapReserve::grow(size_t bytes)
{
#if defined(__GLIBC__)
    if (!keepsFreedMemory() || bytes == 0)
        return;
    bytes = std::min(bytes, kMaxGrowth);
    const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    std::vector<void*> blocks;
    for (size_t done = 0; done < bytes; done += kBlock) {
        const size_t size = std::min(kBlock, bytes - done);
        void* block = std::malloc(size);
        if (!block)
            break;
        blocks.push_back(block);
        // The whole pages inside the block: the rest is shared with the chunks around it.
        const uintptr_t begin = (uintptr_t(block) + page - 1) & ~(page - 1);
        const uintptr_t end = (uintptr_t(block) + size) & ~(page - 1);
        if (end > begin && madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE) != 0)
            break; // an older kernel: the pages fault in as before
    }
    for (void* block : blocks)
        std::free(block);
#else
    (void)bytes;
#endif
}
