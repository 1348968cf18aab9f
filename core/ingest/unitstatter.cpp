// SPDX-License-Identifier: MIT
#include "unitstatter.h"

#include "filestatter.h"

#include <algorithm>
#include <sys/stat.h>
#include <system_error>
#include <thread>

namespace {
// Below this many units per thread, starting the thread costs more than the stat calls it takes over
// (a stat of a cached file is about 2 µs here; a thread about 50 µs to start and join).
constexpr qsizetype kMinUnitsPerThread = 2048;
constexpr int kMaxThreads = 4;

bool statFile(FileStatter& statter, const QString& path, FileCursor& cursor)
{
    struct stat st;
    if (!statter.stat(path, &st))
        return false;
    cursor.device = qint64(st.st_dev);
    cursor.inode = qint64(st.st_ino);
    cursor.size = qint64(st.st_size);
    cursor.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return true;
}

// A database's identity is its main file; its size and time also cover the -wal file, where a writer
// in WAL mode puts every change until a checkpoint (formats.md §1.3). An empty -wal is left out: a
// read-only reader creates one when it is missing, and that must not make the database look changed.
bool statUnit(FileStatter& statter, const QString& path, SourceAdapter::UnitKind kind, FileCursor& cursor)
{
    if (!statFile(statter, path, cursor))
        return false;
    if (kind == SourceAdapter::UnitKind::Database) {
        FileCursor wal;
        if (statFile(statter, path + QLatin1String("-wal"), wal) && wal.size > 0) {
            cursor.size += wal.size;
            cursor.mtimeNs = std::max(cursor.mtimeNs, wal.mtimeNs);
        }
    }
    return true;
}

// Each thread takes a contiguous run of the sorted paths, so its FileStatter keeps one directory open
// for many files as the single-threaded walk does.
void statRange(const QStringList& paths, const std::vector<SourceAdapter::UnitKind>& kinds,
    const StoredCursors& stored, qsizetype begin, qsizetype end, std::vector<UnitStatter::Unit>& units)
{
    FileStatter statter;
    for (qsizetype i = begin; i < end; ++i) {
        UnitStatter::Unit& unit = units[size_t(i)];
        unit.ok = statUnit(statter, paths[i], kinds[size_t(i)], unit.cursor);
        if (unit.ok)
            unit.stored = stored.find(paths[i]);
    }
}
} // namespace

int UnitStatter::threadsFor(qsizetype units)
{
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    return int(std::clamp<qsizetype>(units / kMinUnitsPerThread, 1, std::min(cores, kMaxThreads)));
}

std::vector<UnitStatter::Unit> UnitStatter::statAll(const QStringList& paths,
    const std::vector<SourceAdapter::UnitKind>& kinds, const StoredCursors& stored, int threads)
{
    Q_ASSERT(size_t(paths.size()) == kinds.size());
    std::vector<Unit> units(size_t(paths.size()));
    const qsizetype count = paths.size();
    const int parts = int(
        std::clamp<qsizetype>(threads > 0 ? threads : threadsFor(count), 1, std::max<qsizetype>(count, 1)));
    std::vector<std::thread> helpers;
    helpers.reserve(size_t(parts - 1));
    // This thread takes the first part and any part no thread could be started for (a process at its
    // thread limit); each helper writes only its own elements of units.
    int started = 1;
    for (; started < parts; ++started) {
        try {
            helpers.emplace_back(statRange, std::cref(paths), std::cref(kinds), std::cref(stored),
                count * started / parts, count * (started + 1) / parts, std::ref(units));
        } catch (const std::system_error&) {
            break;
        }
    }
    statRange(paths, kinds, stored, 0, count / parts, units);
    for (int part = started; part < parts; ++part)
        statRange(paths, kinds, stored, count * part / parts, count * (part + 1) / parts, units);
    for (std::thread& helper : helpers)
        helper.join();
    return units;
}
