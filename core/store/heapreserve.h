// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

// Memory a short run is about to use, faulted in ahead, a block per system call, instead of a page at
// a time as allocations first touch it. On the 2-core VM the benchmarks run on, a page faulted in by
// a first write costs about 11 us, and one populated with madvise(MADV_POPULATE_WRITE) about 1 us, plus
// 2 us at its first write (measured on 16 MiB blocks); a warm run over 23,000 Codex rollouts took
// 5,100 faults, a cold 1 GB load 20,000-30,000. Elsewhere a fault costs less, and so does populating.
//
// It works only in a process that keeps the memory it frees (keepFreedMemory(), called by main() for
// every command but `serve` and the window): grow() allocates blocks, populates them and frees them,
// and with glibc's defaults a freed block at the top of the heap is handed back at once.
class HeapReserve
{
public:
    // For a process that exits when its work is done. glibc otherwise hands back what is freed (blocks
    // of 128 KiB and more unmapped, the top of the heap trimmed, a thread's arena released page by
    // page), and the next batch, list or table faults the same memory in again; mallopt turns that off
    // (the warm Codex run above: 7,100 faults before, 5,100 with this alone).
    // Memory a short run keeps is returned when it exits; a server keeps glibc's defaults, as it runs
    // for days after a large load. Call it before any thread is started.
    static void keepFreedMemory();
    static bool keepsFreedMemory();

    // Populates about `bytes` more of the calling thread's heap for the allocations that follow (a
    // thread allocates from its own arena: call it on the thread that will use the memory). Capped at
    // kMaxGrowth a call; does nothing unless keepFreedMemory() was called, or where the kernel lacks
    // MADV_POPULATE_WRITE (before Linux 5.14).
    static void grow(size_t bytes);
    static constexpr size_t kMaxGrowth = size_t(96) << 20;
};
