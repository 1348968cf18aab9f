// SPDX-License-Identifier: MIT
#include "gatheringvfs.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sqlite3.h>

namespace {
// Our own file-control opcode (SQLite's are small numbers; a VFS answers SQLITE_NOTFOUND to any it
// does not know, so a file of another VFS tells the caller it is not ours).
constexpr int kGatherOp = 0x414d4701; // "AMG", 1

// What one call writes at most. 64 KiB calls took 11 ms per 64 MiB where 1 MiB ones took 10.5 ms.
// And no more may be handed to the unix VFS at once: its write keeps only the low 17 bits of the
// length (os_unix.c, seekAndWriteFd), so 128 KiB became a write of nothing, which it reports as a
// full disk.
constexpr int kCapacity = 64 << 10;

sqlite3_vfs* g_base = nullptr; // the default VFS this one wraps
sqlite3_vfs g_vfs {};
std::atomic<std::int64_t> g_received { 0 };
std::atomic<std::int64_t> g_made { 0 };
std::atomic<std::int64_t> g_syncs { 0 };

struct File
{
    sqlite3_file base; // pMethods: ours, or null when the file beneath did not open
    sqlite3_file* inner; // the base VFS's file, in the same allocation, after this struct
    char* buffer; // kCapacity bytes while gathering, else null
    sqlite3_int64 start; // the file offset of buffer[0]
    int length; // bytes held
    int lock; // the lock this connection holds on the file (SQLITE_LOCK_NONE ... EXCLUSIVE)
    // The first failure to write held bytes out, returned by every later write, sync and file control
    // until gathering is turned off: SQLite ignores what some calls return (a size hint before a
    // commit's writes, an unlock), and a loss there must still fail the commit.
    int failed;
};
// The base VFS's file follows at an offset aligned as SQLite aligns the whole (8 bytes).
constexpr int kInnerOffset = int((sizeof(File) + 7) / 8 * 8);

File* fileOf(sqlite3_file* file)
{
    return reinterpret_cast<File*>(file);
}

const sqlite3_io_methods& innerMethods(File* f)
{
    return *f->inner->pMethods;
}

int writeOut(File* f)
{
    if (f->failed != SQLITE_OK)
        return f->failed;
    if (f->length == 0)
        return SQLITE_OK;
    g_made.fetch_add(1, std::memory_order_relaxed);
    const int rc = innerMethods(f).xWrite(f->inner, f->buffer, f->length, f->start);
    f->length = 0;
    f->failed = rc;
    return rc;
}

int fileClose(sqlite3_file* file)
{
    File* f = fileOf(file);
    const int written = writeOut(f);
    std::free(f->buffer);
    f->buffer = nullptr;
    const int rc = innerMethods(f).xClose(f->inner);
    return written != SQLITE_OK ? written : rc;
}

int fileRead(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset)
{
    File* f = fileOf(file);
    if (f->length > 0 && offset < f->start + f->length && offset + amount > f->start) {
        if (const int rc = writeOut(f); rc != SQLITE_OK)
            return rc;
    }
    return innerMethods(f).xRead(f->inner, data, amount, offset);
}

int fileWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset)
{
    File* f = fileOf(file);
    g_received.fetch_add(1, std::memory_order_relaxed);
    if (f->failed != SQLITE_OK)
        return f->failed;
    // Only under an exclusive lock, which a rollback journal's commit holds from its first write to its
    // end: in WAL mode the file is written by checkpoints under a shared lock, while readers may read
    // it, and learn how far it was written from shared memory (another process may switch a store to
    // WAL between two of the bulk load's commits).
    if (!f->buffer || f->lock < SQLITE_LOCK_EXCLUSIVE) {
        if (const int rc = writeOut(f); rc != SQLITE_OK)
            return rc;
        g_made.fetch_add(1, std::memory_order_relaxed);
        return innerMethods(f).xWrite(f->inner, data, amount, offset);
    }
    // Only a write that continues the held bytes joins them: any other, overlapping ones included,
    // writes them out first, so the file sees every byte in the order SQLite wrote it.
    if (f->length > 0 && (offset != f->start + f->length || amount > kCapacity - f->length)) {
        if (const int rc = writeOut(f); rc != SQLITE_OK)
            return rc;
    }
    if (amount > kCapacity) {
        g_made.fetch_add(1, std::memory_order_relaxed);
        return innerMethods(f).xWrite(f->inner, data, amount, offset);
    }
    if (f->length == 0)
        f->start = offset;
    std::memcpy(f->buffer + f->length, data, size_t(amount));
    f->length += amount;
    return SQLITE_OK;
}

int fileTruncate(sqlite3_file* file, sqlite3_int64 size)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    return innerMethods(f).xTruncate(f->inner, size);
}

int fileSync(sqlite3_file* file, int flags)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    g_syncs.fetch_add(1, std::memory_order_relaxed);
    return innerMethods(f).xSync(f->inner, flags);
}

int fileSize(sqlite3_file* file, sqlite3_int64* size)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    return innerMethods(f).xFileSize(f->inner, size);
}

int fileLock(sqlite3_file* file, int level)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    const int rc = innerMethods(f).xLock(f->inner, level);
    if (rc == SQLITE_OK)
        f->lock = std::max(f->lock, level);
    return rc;
}

int fileUnlock(sqlite3_file* file, int level)
{
    File* f = fileOf(file);
    const int written = writeOut(f);
    const int rc = innerMethods(f).xUnlock(f->inner, level); // unlocked even so: the error is kept
    f->lock = std::min(f->lock, level); // a failed unlock may have let go of it: gather no more
    return written != SQLITE_OK ? written : rc;
}

int fileCheckReservedLock(sqlite3_file* file, int* held)
{
    File* f = fileOf(file);
    return innerMethods(f).xCheckReservedLock(f->inner, held);
}

int setGatheringOn(File* f, bool on)
{
    if (on) {
        if (!f->buffer)
            f->buffer = static_cast<char*>(std::malloc(kCapacity));
        return f->buffer ? SQLITE_OK : SQLITE_NOMEM;
    }
    const int rc = writeOut(f);
    std::free(f->buffer);
    f->buffer = nullptr;
    f->failed = SQLITE_OK;
    return rc;
}

int fileControl(sqlite3_file* file, int op, void* argument)
{
    File* f = fileOf(file);
    if (op == kGatherOp)
        return setGatheringOn(f, *static_cast<int*>(argument) != 0);
    // SQLITE_FCNTL_SYNC among them: SQLite sends it where a sync would be, synchronous=OFF included.
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    return innerMethods(f).xFileControl(f->inner, op, argument);
}

int fileSectorSize(sqlite3_file* file)
{
    File* f = fileOf(file);
    return innerMethods(f).xSectorSize(f->inner);
}

int fileDeviceCharacteristics(sqlite3_file* file)
{
    File* f = fileOf(file);
    return innerMethods(f).xDeviceCharacteristics(f->inner);
}

int fileShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** memory)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    return innerMethods(f).xShmMap(f->inner, region, size, extend, memory);
}

int fileShmLock(sqlite3_file* file, int offset, int n, int flags)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    return innerMethods(f).xShmLock(f->inner, offset, n, flags);
}

void fileShmBarrier(sqlite3_file* file)
{
    File* f = fileOf(file);
    innerMethods(f).xShmBarrier(f->inner);
}

int fileShmUnmap(sqlite3_file* file, int deleteFlag)
{
    File* f = fileOf(file);
    if (const int rc = writeOut(f); rc != SQLITE_OK)
        return rc;
    return innerMethods(f).xShmUnmap(f->inner, deleteFlag);
}

int fileFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** pointer)
{
    File* f = fileOf(file);
    // A mapped page would show the file without the held bytes: while gathering, SQLite is told to read
    // (a null pointer is a valid answer).
    if (f->buffer) {
        *pointer = nullptr;
        return SQLITE_OK;
    }
    return innerMethods(f).xFetch(f->inner, offset, amount, pointer);
}

int fileUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* pointer)
{
    File* f = fileOf(file);
    return innerMethods(f).xUnfetch(f->inner, offset, pointer);
}

// One table per version of the methods beneath: a file must not claim methods its own file lacks
// (SQLite decides from iVersion whether a file can hold a WAL and be mapped).
sqlite3_io_methods methodsOfVersion(int version)
{
    sqlite3_io_methods m {};
    m.iVersion = version;
    m.xClose = fileClose;
    m.xRead = fileRead;
    m.xWrite = fileWrite;
    m.xTruncate = fileTruncate;
    m.xSync = fileSync;
    m.xFileSize = fileSize;
    m.xLock = fileLock;
    m.xUnlock = fileUnlock;
    m.xCheckReservedLock = fileCheckReservedLock;
    m.xFileControl = fileControl;
    m.xSectorSize = fileSectorSize;
    m.xDeviceCharacteristics = fileDeviceCharacteristics;
    if (version >= 2) {
        m.xShmMap = fileShmMap;
        m.xShmLock = fileShmLock;
        m.xShmBarrier = fileShmBarrier;
        m.xShmUnmap = fileShmUnmap;
    }
    if (version >= 3) {
        m.xFetch = fileFetch;
        m.xUnfetch = fileUnfetch;
    }
    return m;
}

const sqlite3_io_methods g_methods[3] = { methodsOfVersion(1), methodsOfVersion(2), methodsOfVersion(3) };

int vfsOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags)
{
    File* f = fileOf(file);
    f->inner = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kInnerOffset);
    f->buffer = nullptr;
    f->start = 0;
    f->length = 0;
    f->lock = SQLITE_LOCK_NONE;
    f->failed = SQLITE_OK;
    const int rc = g_base->xOpen(g_base, name, f->inner, flags, outFlags);
    const sqlite3_io_methods* inner = f->inner->pMethods;
    if (rc != SQLITE_OK) {
        // SQLite expects no methods on a file that did not open (and does not close it).
        if (inner)
            inner->xClose(f->inner);
        f->base.pMethods = nullptr;
        return rc;
    }
    f->base.pMethods = inner ? &g_methods[std::clamp(inner->iVersion, 1, 3) - 1] : nullptr;
    return rc;
}

// The rest is the base VFS's, called with the base VFS itself (the unix VFS keeps state in it).
int vfsDelete(sqlite3_vfs*, const char* name, int syncDirectory)
{
    return g_base->xDelete(g_base, name, syncDirectory);
}

int vfsAccess(sqlite3_vfs*, const char* name, int flags, int* result)
{
    return g_base->xAccess(g_base, name, flags, result);
}

int vfsFullPathname(sqlite3_vfs*, const char* name, int size, char* out)
{
    return g_base->xFullPathname(g_base, name, size, out);
}

void* vfsDlOpen(sqlite3_vfs*, const char* name)
{
    return g_base->xDlOpen(g_base, name);
}

void vfsDlError(sqlite3_vfs*, int size, char* message)
{
    g_base->xDlError(g_base, size, message);
}

void (*vfsDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void)
{
    return g_base->xDlSym(g_base, handle, symbol);
}

void vfsDlClose(sqlite3_vfs*, void* handle)
{
    g_base->xDlClose(g_base, handle);
}

int vfsRandomness(sqlite3_vfs*, int size, char* out)
{
    return g_base->xRandomness(g_base, size, out);
}

int vfsSleep(sqlite3_vfs*, int microseconds)
{
    return g_base->xSleep(g_base, microseconds);
}

int vfsCurrentTime(sqlite3_vfs*, double* now)
{
    return g_base->xCurrentTime(g_base, now);
}

int vfsGetLastError(sqlite3_vfs*, int size, char* message)
{
    return g_base->xGetLastError ? g_base->xGetLastError(g_base, size, message) : 0;
}

int vfsCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* now)
{
    return g_base->xCurrentTimeInt64(g_base, now);
}

void registerOnce()
{
    g_base = sqlite3_vfs_find(nullptr);
    g_vfs.iVersion = std::min(g_base->iVersion, 2); // no system-call overrides through this one
    g_vfs.szOsFile = kInnerOffset + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = "agentmeter-gathering";
    g_vfs.xOpen = vfsOpen;
    g_vfs.xDelete = vfsDelete;
    g_vfs.xAccess = vfsAccess;
    g_vfs.xFullPathname = vfsFullPathname;
    g_vfs.xDlOpen = vfsDlOpen;
    g_vfs.xDlError = vfsDlError;
    g_vfs.xDlSym = vfsDlSym;
    g_vfs.xDlClose = vfsDlClose;
    g_vfs.xRandomness = vfsRandomness;
    g_vfs.xSleep = vfsSleep;
    g_vfs.xCurrentTime = vfsCurrentTime;
    g_vfs.xGetLastError = vfsGetLastError;
    if (g_vfs.iVersion >= 2)
        g_vfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
    sqlite3_vfs_register(&g_vfs, 0);
}
} // namespace

const char* GatheringVfs::name()
{
    static std::once_flag once;
    std::call_once(once, registerOnce);
    return g_vfs.zName;
}

bool GatheringVfs::setGathering(sqlite3* db, bool on)
{
    int flag = on ? 1 : 0;
    return sqlite3_file_control(db, "main", kGatherOp, &flag) == SQLITE_OK;
}

GatheringVfs::Counters GatheringVfs::counters()
{
    return { g_received.load(std::memory_order_relaxed), g_made.load(std::memory_order_relaxed),
        g_syncs.load(std::memory_order_relaxed) };
}
