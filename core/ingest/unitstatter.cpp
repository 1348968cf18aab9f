// SPDX-License-Identifier: MIT
#include "unitstatter.h"

#include "filestatter.h"

#include <algorithm>
#include <QFile>
#include <sys/stat.h>
#include <system_error>
#include <thread>

namespace {
// Below this many units per thread, starting the thread costs more than the stat calls it takes over
// (a stat of a cached file is about 2 µs here; a thread about 50 µs to start and join).
constexpr qsizetype kMinUnitsPerThread = 2048;
constexpr int kMaxThreads = 4;

bool statFile(FileStatter& statter, const QByteArray& encodedPath, FileStamp& stamp)
{
    struct stat st;
    if (!statter.stat(encodedPath, &st))
        return false;
    stamp = FileStatter::stampOf(st);
    return true;
}

// A database's identity is its main file; its size and time also cover the -wal file, where a writer
// in WAL mode puts every change until a checkpoint (formats.md §1.3). An empty -wal is left out: a
// read-only reader creates one when it is missing, and that must not make the database look changed.
bool statUnit(
    FileStatter& statter, const QByteArray& encodedPath, SourceAdapter::UnitKind kind, FileStamp& stamp)
{
    if (!statFile(statter, encodedPath, stamp))
        return false;
    if (kind == SourceAdapter::UnitKind::Database) {
        FileStamp wal;
        if (statFile(statter, encodedPath + "-wal", wal) && wal.size > 0) {
            stamp.size += wal.size;
            stamp.mtimeNs = std::max(stamp.mtimeNs, wal.mtimeNs);
        }
    }
    return true;
}

// Each thread takes a contiguous run of the sorted paths, so its FileStatter keeps one directory open
// for many files as the single-threaded walk does.
void statRange(const QStringList& paths, const std::vector<SourceAdapter::UnitKind>& kinds, qsizetype begin,
    qsizetype end, std::vector<UnitStatter::Unit>& units)
{
    FileStatter statter;
    for (qsizetype i = begin; i < end; ++i) {
        UnitStatter::Unit& unit = units[size_t(i)];
        const QByteArray encoded = QFile::encodeName(paths[i]);
        unit.key = StoredCursors::keyOf(QByteArrayView(encoded));
        unit.ok = statUnit(statter, encoded, kinds[size_t(i)], unit.stamp);
    }
}
} // namespace

int UnitStatter::threadsFor(qsizetype units)
{
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    return int(std::clamp<qsizetype>(units / kMinUnitsPerThread, 1, std::min(cores, kMaxThreads)));
}

std::vector<UnitStatter::Unit> UnitStatter::statAll(
    const QStringList& paths, const std::vector<SourceAdapter::UnitKind>& kinds, int threads)
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
            helpers.emplace_back(statRange, std::cref(paths), std::cref(kinds), count * started / parts,
                count * (started + 1) / parts, std::ref(units));
        } catch (const std::system_error&) {
            break;
        }
    }
    statRange(paths, kinds, 0, count / parts, units);
    for (int part = started; part < parts; ++part)
        statRange(paths, kinds, count * part / parts, count * (part + 1) / parts, units);
    for (std::thread& helper : helpers)
        helper.join();
    return units;
}
