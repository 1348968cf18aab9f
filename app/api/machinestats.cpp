// SPDX-License-Identifier: MIT
#include "machinestats.h"

#include <cmath>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QMutexLocker>

namespace {

// Reads /proc files with one read() call into a fixed buffer: QFile::readAll() on a proc file
// (reported size 0) would grow its buffer step by step, and these files are tiny.
QByteArray readSmallFile(const QString& path, qint64 limit = 64 * 1024)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    QByteArray data;
    data.resize(4096);
    qint64 used = 0;
    while (used < limit) {
        if (used == data.size())
            data.resize(qMin<qint64>(limit, data.size() * 2));
        const qint64 got = file.read(data.data() + used, data.size() - used);
        if (got <= 0)
            break;
        used += got;
    }
    data.truncate(used);
    return data;
}

double roundTo(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QByteArrayView baseName(QByteArrayView path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash >= 0 ? path.sliced(slash + 1) : path;
}

// name itself or name-<suffix> (codex-x86_64-unknown-linux-musl, truncated to 15 bytes in comm).
bool isNamed(QByteArrayView candidate, QByteArrayView name)
{
    return candidate == name
        || (candidate.size() > name.size() && candidate.startsWith(name) && candidate.at(name.size()) == '-');
}

// Where the npm packages of the node-based CLIs install their entry scripts.
struct PackageMarker
{
    const char* fragment;
    const char* kind;
};
constexpr PackageMarker kPackageMarkers[] = {
    { "/@anthropic-ai/claude-code/", "claude" },
    { "/@openai/codex/", "codex" },
    { "/opencode-ai/", "opencode" },
    { "/openclaw/", "openclaw" },
    { "/@google/gemini-cli/", "gemini" },
};

} // namespace

std::optional<double> MachineStats::Memory::usedPercent() const
{
    if (!valid())
        return std::nullopt;
    return roundTo(100.0 * double(usedBytes()) / double(totalBytes), 1);
}

const QStringList& MachineStats::agentKinds()
{
    static const QStringList kinds = { QStringLiteral("claude"), QStringLiteral("codex"),
        QStringLiteral("opencode"), QStringLiteral("openclaw"), QStringLiteral("gemini") };
    return kinds;
}

MachineStats::MachineStats(const QString& procRoot)
    : m_procRoot(procRoot)
{
    m_lastCpu = parseCpuTimes(readProcFile(QStringLiteral("stat")));
    m_lastCpuAge.start();
}

QByteArray MachineStats::readProcFile(const QString& relativePath, qint64 limit) const
{
    return readSmallFile(m_procRoot + QLatin1Char('/') + relativePath, limit);
}

MachineStats::CpuTimes MachineStats::parseCpuTimes(QByteArrayView procStat)
{
    CpuTimes times;
    // The first line is the sum over all CPUs: "cpu  user nice system idle iowait irq softirq steal
    // guest guest_nice".
    if (!procStat.startsWith("cpu "))
        return times;
    const qsizetype end = procStat.indexOf('\n');
    const QByteArrayView line = procStat.sliced(4, (end < 0 ? procStat.size() : end) - 4);
    QList<quint64> fields;
    for (const QByteArray& part : line.toByteArray().simplified().split(' ')) {
        bool ok = false;
        const quint64 value = part.toULongLong(&ok);
        if (!ok)
            return times;
        fields.append(value);
    }
    if (fields.size() < 4)
        return times;
    // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
    for (qsizetype i = 0; i < qMin<qsizetype>(fields.size(), 8); ++i)
        times.total += fields[i];
    const quint64 idle = fields[3] + (fields.size() > 4 ? fields[4] : 0);
    times.busy = times.total - idle;
    times.valid = times.total > 0;
    return times;
}

std::optional<double> MachineStats::cpuPercent(const CpuTimes& before, const CpuTimes& after)
{
    if (!before.valid || !after.valid || after.total <= before.total || after.busy < before.busy)
        return std::nullopt;
    const double busy = double(after.busy - before.busy);
    const double total = double(after.total - before.total);
    return roundTo(qBound(0.0, 100.0 * busy / total, 100.0), 1);
}

int MachineStats::parseCpuCores(QByteArrayView procStat)
{
    int cores = 0;
    for (const QByteArray& line : procStat.toByteArray().split('\n')) {
        if (line.size() > 3 && line.startsWith("cpu") && line.at(3) >= '0' && line.at(3) <= '9')
            ++cores;
    }
    return cores;
}

MachineStats::Memory MachineStats::parseMemInfo(QByteArrayView meminfo)
{
    Memory memory;
    qint64 free = -1;
    qint64 buffers = 0;
    qint64 cached = 0;
    for (const QByteArray& line : meminfo.toByteArray().split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray key = line.left(colon);
        QByteArray value = line.mid(colon + 1).simplified();
        qint64 multiplier = 1;
        if (value.endsWith(" kB")) {
            value.chop(3);
            multiplier = 1024;
        }
        bool ok = false;
        const qint64 number = value.toLongLong(&ok) * multiplier;
        if (!ok)
            continue;
        if (key == "MemTotal")
            memory.totalBytes = number;
        else if (key == "MemAvailable")
            memory.availableBytes = number;
        else if (key == "MemFree")
            free = number;
        else if (key == "Buffers")
            buffers = number;
        else if (key == "Cached")
            cached = number;
    }
    // Kernels before 3.14 have no MemAvailable; free + buffers + page cache is what `free` used then.
    if (memory.availableBytes < 0 && free >= 0)
        memory.availableBytes = free + buffers + cached;
    return memory;
}

std::optional<double> MachineStats::parseUptime(QByteArrayView uptime)
{
    const QByteArray first = uptime.toByteArray().simplified().split(' ').value(0);
    bool ok = false;
    const double seconds = first.toDouble(&ok);
    return ok ? std::optional<double>(seconds) : std::nullopt;
}

QList<double> MachineStats::parseLoadAverage(QByteArrayView loadavg)
{
    const QList<QByteArray> parts = loadavg.toByteArray().simplified().split(' ');
    QList<double> load;
    for (qsizetype i = 0; i < 3 && i < parts.size(); ++i) {
        bool ok = false;
        const double value = parts[i].toDouble(&ok);
        if (!ok)
            return {};
        load.append(value);
    }
    return load.size() == 3 ? load : QList<double>();
}

qint64 MachineStats::parseParentPid(QByteArrayView stat)
{
    // "pid (comm) state ppid ...": comm may hold spaces and ')' itself, so the last ')' ends it.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = stat.sliced(close + 1).toByteArray().simplified().split(' ');
    return fields.size() >= 2 ? fields[1].toLongLong() : 0;
}

QString MachineStats::agentKind(QByteArrayView comm, QByteArrayView cmdline)
{
    const QByteArrayView name = comm.endsWith('\n') ? comm.chopped(1) : comm;
    const QList<QByteArray> args = cmdline.toByteArray().split('\0');
    const QByteArrayView exe = baseName(args.value(0));
    for (const QString& kind : agentKinds()) {
        const QByteArray kindBytes = kind.toLatin1();
        if (isNamed(name, kindBytes) || isNamed(exe, kindBytes))
            return kind;
    }
    static const QByteArrayView interpreters[] = { "node", "nodejs", "bun", "deno" };
    bool interpreted = false;
    for (QByteArrayView interpreter : interpreters)
        interpreted = interpreted || name == interpreter || exe == interpreter;
    if (!interpreted)
        return {};
    // Only the script (the first argument that is not an option) decides: `node server.js --claude`
    // is not Claude Code.
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QByteArray& arg = args[i];
        if (arg.isEmpty() || arg.startsWith('-'))
            continue;
        const QByteArrayView script = baseName(arg);
        for (const QString& kind : agentKinds()) {
            const QByteArray kindBytes = kind.toLatin1();
            if (script == kindBytes || script == QByteArray(kindBytes + ".js")
                || script == QByteArray(kindBytes + ".mjs"))
                return kind;
        }
        for (const PackageMarker& marker : kPackageMarkers) {
            if (arg.contains(marker.fragment))
                return QLatin1String(marker.kind);
        }
        break;
    }
    return {};
}

QMap<QString, int> MachineStats::countAgents(const QList<Process>& processes)
{
    QHash<qint64, QString> kindOf;
    for (const Process& process : processes)
        kindOf.insert(process.pid, process.kind);
    QMap<QString, int> counts;
    for (const QString& kind : agentKinds())
        counts.insert(kind, 0);
    for (const Process& process : processes) {
        if (process.kind.isEmpty() || kindOf.value(process.parentPid) == process.kind)
            continue;
        ++counts[process.kind];
    }
    return counts;
}

QList<MachineStats::Process> MachineStats::listProcesses() const
{
    QList<Process> processes;
    const QStringList entries = QDir(m_procRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        // A process that exits while it is read leaves empty files: it is simply not an agent.
        Process process;
        process.pid = pid;
        process.kind = agentKind(readProcFile(entry + QLatin1String("/comm")),
            readProcFile(entry + QLatin1String("/cmdline"), 16 * 1024));
        process.parentPid = parseParentPid(readProcFile(entry + QLatin1String("/stat")));
        processes.append(process);
    }
    return processes;
}

MachineStats::Snapshot MachineStats::sample()
{
    Snapshot snapshot;
    const QByteArray stat = readProcFile(QStringLiteral("stat"));
    const CpuTimes now = parseCpuTimes(stat);
    snapshot.cpuCores = parseCpuCores(stat);
    {
        QMutexLocker lock(&m_mutex);
        // Only an interval of at least kMinCpuIntervalMs is measured: over a few milliseconds one
        // busy jiffy reads as 100%. A sooner call repeats the last figure, or, before there is one,
        // gives the average since boot; the baseline is kept either way.
        std::optional<double> percent;
        if (m_lastCpuAge.elapsed() >= kMinCpuIntervalMs)
            percent = cpuPercent(m_lastCpu, now);
        if (percent) {
            m_lastCpu = now;
            m_lastCpuAge.restart();
            m_lastCpuPercent = percent;
        } else if (m_lastCpuPercent) {
            percent = m_lastCpuPercent;
        } else {
            percent = cpuPercent(CpuTimes { 0, 0, true }, now);
        }
        snapshot.cpuPercent = percent;
    }
    snapshot.memory = parseMemInfo(readProcFile(QStringLiteral("meminfo")));
    snapshot.systemUptimeSeconds = parseUptime(readProcFile(QStringLiteral("uptime")));
    snapshot.loadAverage = parseLoadAverage(readProcFile(QStringLiteral("loadavg")));
    snapshot.agentProcesses = countAgents(listProcesses());
    for (int count : std::as_const(snapshot.agentProcesses))
        snapshot.processCount += count;
    return snapshot;
}

QJsonObject MachineStats::toJson(const Snapshot& snapshot, qint64 serverUptimeSeconds)
{
    const auto orNull
        = [](const std::optional<double>& value) { return value ? QJsonValue(*value) : QJsonValue(); };
    QJsonObject processes;
    for (auto it = snapshot.agentProcesses.cbegin(); it != snapshot.agentProcesses.cend(); ++it)
        processes.insert(it.key(), it.value());
    QJsonArray load;
    for (double value : snapshot.loadAverage)
        load.append(value);
    const auto bytesOrNull = [](qint64 value) { return value >= 0 ? QJsonValue(value) : QJsonValue(); };
    return QJsonObject {
        { QStringLiteral("cpu"), orNull(snapshot.cpuPercent) },
        { QStringLiteral("memory"), orNull(snapshot.memory.usedPercent()) },
        { QStringLiteral("uptime"), serverUptimeSeconds },
        { QStringLiteral("process_count"), snapshot.processCount },
        { QStringLiteral("cpu_cores"), snapshot.cpuCores },
        { QStringLiteral("memory_used_bytes"), bytesOrNull(snapshot.memory.usedBytes()) },
        { QStringLiteral("memory_total_bytes"), bytesOrNull(snapshot.memory.totalBytes) },
        { QStringLiteral("load_average"), snapshot.loadAverage.isEmpty() ? QJsonValue() : QJsonValue(load) },
        { QStringLiteral("system_uptime"),
            snapshot.systemUptimeSeconds ? QJsonValue(qint64(*snapshot.systemUptimeSeconds)) : QJsonValue() },
        { QStringLiteral("agent_processes"), processes },
    };
}
