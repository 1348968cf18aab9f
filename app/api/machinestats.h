// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>

// The machine block of analytics-stream-api.md, measured instead of "N/A": CPU use from /proc/stat
// deltas, memory from /proc/meminfo, and the coding agents running on this machine from /proc/<pid>.
// Linux only; elsewhere (or when /proc is unreadable) the numbers are null. The parsers are pure
// functions of the files' text so that tests can feed them sample /proc contents.
class MachineStats
{
public:
    // Jiffies from the aggregate "cpu" line. busy excludes idle and iowait; guest time is already
    // part of user time, so it is not added again.
    struct CpuTimes
    {
        quint64 busy = 0;
        quint64 total = 0;
        bool valid = false;
    };
    struct Memory
    {
        qint64 totalBytes = -1;
        qint64 availableBytes = -1;
        bool valid() const { return totalBytes > 0 && availableBytes >= 0; }
        qint64 usedBytes() const { return valid() ? qMax<qint64>(0, totalBytes - availableBytes) : -1; }
        std::optional<double> usedPercent() const;
    };
    struct Process
    {
        qint64 pid = 0;
        qint64 parentPid = 0;
        QString kind; // "claude", "codex", "opencode", "openclaw", "gemini", or empty
    };
    struct Snapshot
    {
        std::optional<double> cpuPercent;
        int cpuCores = 0;
        Memory memory;
        std::optional<double> systemUptimeSeconds;
        QList<double> loadAverage; // 1, 5 and 15 minutes; empty when unknown
        QMap<QString, int> agentProcesses; // every kind, 0 when none runs
        int processCount = 0; // the sum of agentProcesses
    };

    // The agent kinds counted, in the order they are reported.
    static const QStringList& agentKinds();

    // procRoot is "/proc" except in tests. The constructor takes a first CPU sample, so the first
    // sample() already measures an interval.
    explicit MachineStats(const QString& procRoot = QStringLiteral("/proc"));

    // Reads /proc now. Thread-safe. CPU use is measured since the previous measured sample when that
    // is at least kMinCpuIntervalMs ago; a sooner call repeats the last figure, or gives the average
    // since boot when there is none yet.
    Snapshot sample();

    // The JSON of a snapshot: the seed's cpu, memory, uptime and process_count (numbers: percent,
    // percent, server uptime seconds, running agents) plus the details they summarise.
    static QJsonObject toJson(const Snapshot& snapshot, qint64 serverUptimeSeconds);

    static constexpr qint64 kMinCpuIntervalMs = 250;

    // Pure parsers of /proc text.
    static CpuTimes parseCpuTimes(QByteArrayView procStat);
    // Busy share of the interval between two samples, in percent; none when no time passed.
    static std::optional<double> cpuPercent(const CpuTimes& before, const CpuTimes& after);
    static int parseCpuCores(QByteArrayView procStat);
    static Memory parseMemInfo(QByteArrayView meminfo);
    static std::optional<double> parseUptime(QByteArrayView uptime);
    static QList<double> parseLoadAverage(QByteArrayView loadavg);
    // The parent pid from /proc/<pid>/stat (the field after the parenthesised command name, which may
    // itself contain spaces and parentheses); 0 when unreadable.
    static qint64 parseParentPid(QByteArrayView stat);
    // Which agent CLI a process is, from its comm and NUL-separated cmdline; empty when none.
    // Native CLIs show under their own name (claude, codex, opencode; Codex's platform binary as
    // codex-<target>); node/bun/deno-based ones show as the interpreter with the CLI's script or
    // package path as the first non-option argument.
    static QString agentKind(QByteArrayView comm, QByteArrayView cmdline);
    // Counts agents per kind. A process whose parent is of the same kind is not counted again: npm
    // launchers (node .../bin/codex) start the native binary as a child, and that is one agent.
    static QMap<QString, int> countAgents(const QList<Process>& processes);

private:
    QList<Process> listProcesses() const;
    QByteArray readProcFile(const QString& relativePath, qint64 limit = 64 * 1024) const;

    const QString m_procRoot;
    QMutex m_mutex;
    CpuTimes m_lastCpu;
    QElapsedTimer m_lastCpuAge;
    std::optional<double> m_lastCpuPercent;
};
