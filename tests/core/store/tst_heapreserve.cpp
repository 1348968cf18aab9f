// SPDX-License-Identifier: MIT
// HeapReserve: in a process that keeps what it frees, memory grown ahead is there for the allocations
// that follow, which then take no page fault; without keepFreedMemory() grow() does nothing.
#include "store/heapreserve.h"

#include <cstdlib>
#include <cstring>
#include <QTest>
#include <sys/mman.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#include <sys/resource.h>
#include <vector>

class TestHeapReserve : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void grownMemoryIsUsedWithoutFaults();
};

namespace {
long minorFaults()
{
    struct rusage usage = {};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_minflt;
}

// Page faults taken while allocating, writing and freeing `count` blocks of `size` bytes.
long faultsToFill(size_t count, size_t size)
{
    const long before = minorFaults();
    std::vector<void*> blocks;
    for (size_t i = 0; i < count; ++i) {
        blocks.push_back(std::malloc(size));
        std::memset(blocks.back(), 1, size);
    }
    for (void* block : blocks)
        std::free(block);
    return minorFaults() - before;
}

// Whether this kernel populates on request (MADV_POPULATE_WRITE, Linux 5.14).
bool kernelPopulates()
{
    void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    const bool populates = page != MAP_FAILED && madvise(page, 4096, MADV_POPULATE_WRITE) == 0;
    if (page != MAP_FAILED)
        munmap(page, 4096);
    return populates;
}
} // namespace

void TestHeapReserve::grownMemoryIsUsedWithoutFaults()
{
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
    QSKIP("glibc's allocator only (a sanitizer brings its own)");
#else
    // 24 MiB in blocks of 256 KiB, above glibc's default mmap threshold: each is mapped and faulted in.
    constexpr size_t kCount = 96;
    constexpr size_t kSize = 256 * 1024;
    const long pages = long(kCount * kSize / 4096);
    HeapReserve::grow(kCount * kSize); // not kept yet: nothing is populated
    QVERIFY(!HeapReserve::keepsFreedMemory());
    QVERIFY2(faultsToFill(kCount, kSize) >= pages / 2, "the default allocator faults its blocks in");

    HeapReserve::keepFreedMemory();
    QVERIFY(HeapReserve::keepsFreedMemory());
    HeapReserve::grow(kCount * kSize + (size_t(4) << 20));
    const long faults = faultsToFill(kCount, kSize);
    if (!kernelPopulates())
        QSKIP("the kernel does not populate (MADV_POPULATE_WRITE, Linux 5.14)");
    QVERIFY2(
        faults < pages / 20, qPrintable(QStringLiteral("%1 faults for %2 pages").arg(faults).arg(pages)));
    // Freed, the blocks stay: filling them again takes no fault either.
    QVERIFY(faultsToFill(kCount, kSize) < pages / 20);
#endif
}

QTEST_GUILESS_MAIN(TestHeapReserve)
#include "tst_heapreserve.moc"
