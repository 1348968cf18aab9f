// SPDX-License-Identifier: MIT
// MachineStats on sample /proc text (the parsers are pure functions) and on a fake /proc tree.
#include "machinestats.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

class TestMachineStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cpuTimes();
    void cpuPercent();
    void cpuCores();
    void memInfo();
    void memInfoWithoutAvailable();
    void uptimeAndLoad();
    void parentPid();
    void agentKind_data();
    void agentKind();
    void countAgentsSkipsLaunchers();
    void sampleFakeProc();
    void sampleRealProc();
};

namespace {

const QByteArray kStat1 = "cpu  100 10 50 800 40 5 5 0 7 0\n"
                          "cpu0 50 5 25 400 20 2 3 0 7 0\n"
                          "cpu1 50 5 25 400 20 3 2 0 0 0\n"
                          "intr 12345 0 0\nctxt 999\nbtime 1700000000\n";
// 100 more jiffies: 30 busy (user 20, system 10), 70 idle (idle 60, iowait 10).
const QByteArray kStat2 = "cpu  120 10 60 860 50 5 5 0 9 0\n"
                          "cpu0 60 5 30 430 25 2 3 0 9 0\n"
                          "cpu1 60 5 30 430 25 3 2 0 0 0\n";

const QByteArray kMeminfo = "MemTotal:       16000000 kB\n"
                            "MemFree:         2000000 kB\n"
                            "MemAvailable:    6000000 kB\n"
                            "Buffers:          100000 kB\n"
                            "Cached:          3000000 kB\n"
                            "SwapTotal:             0 kB\n";

QByteArray args(std::initializer_list<const char*> list)
{
    QByteArray bytes;
    for (const char* arg : list)
        bytes += QByteArray(arg) + '\0';
    return bytes;
}

void writeProcess(const QString& root, int pid, int parent, const QByteArray& comm, const QByteArray& cmdline)
{
    const QString dir = root + QLatin1Char('/') + QString::number(pid);
    QDir().mkpath(dir);
    TestSupport::writeFile(dir + QLatin1String("/comm"), comm + '\n');
    TestSupport::writeFile(dir + QLatin1String("/cmdline"), cmdline);
    TestSupport::writeFile(dir + QLatin1String("/stat"),
        QByteArray::number(pid) + " (" + comm + ") S " + QByteArray::number(parent) + " 1 1 0 -1 4194560");
}

} // namespace

void TestMachineStats::cpuTimes()
{
    const MachineStats::CpuTimes times = MachineStats::parseCpuTimes(kStat1);
    QVERIFY(times.valid);
    // user nice system idle iowait irq softirq steal; guest (7) is inside user already.
    QCOMPARE(times.total, quint64(100 + 10 + 50 + 800 + 40 + 5 + 5 + 0));
    QCOMPARE(times.busy, quint64(100 + 10 + 50 + 5 + 5));
    QVERIFY(!MachineStats::parseCpuTimes("").valid);
    QVERIFY(!MachineStats::parseCpuTimes("cpu0 1 2 3 4\n").valid);
    QVERIFY(!MachineStats::parseCpuTimes("cpu  1 x 3 4\n").valid);
    // Old kernels have four fields only.
    const MachineStats::CpuTimes old = MachineStats::parseCpuTimes("cpu  10 0 10 80\n");
    QVERIFY(old.valid);
    QCOMPARE(old.total, quint64(100));
    QCOMPARE(old.busy, quint64(20));
}

void TestMachineStats::cpuPercent()
{
    const auto before = MachineStats::parseCpuTimes(kStat1);
    const auto after = MachineStats::parseCpuTimes(kStat2);
    QCOMPARE(MachineStats::cpuPercent(before, after), std::optional<double>(30.0));
    QCOMPARE(MachineStats::cpuPercent(before, before), std::nullopt);
    QCOMPARE(MachineStats::cpuPercent(after, before), std::nullopt);
    QCOMPARE(MachineStats::cpuPercent({}, after), std::nullopt);
}

void TestMachineStats::cpuCores()
{
    QCOMPARE(MachineStats::parseCpuCores(kStat1), 2);
    QCOMPARE(MachineStats::parseCpuCores("cpu  1 2 3 4\n"), 0);
}

void TestMachineStats::memInfo()
{
    const MachineStats::Memory memory = MachineStats::parseMemInfo(kMeminfo);
    QVERIFY(memory.valid());
    QCOMPARE(memory.totalBytes, qint64(16000000) * 1024);
    QCOMPARE(memory.availableBytes, qint64(6000000) * 1024);
    QCOMPARE(memory.usedBytes(), qint64(10000000) * 1024);
    QCOMPARE(memory.usedPercent(), std::optional<double>(62.5));
    QVERIFY(!MachineStats::parseMemInfo("").valid());
    QCOMPARE(MachineStats::parseMemInfo("").usedPercent(), std::nullopt);
}

void TestMachineStats::memInfoWithoutAvailable()
{
    // Before Linux 3.14: available = free + buffers + page cache.
    const MachineStats::Memory memory
        = MachineStats::parseMemInfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n");
    QCOMPARE(memory.availableBytes, qint64(400) * 1024);
    QCOMPARE(memory.usedPercent(), std::optional<double>(60.0));
}

void TestMachineStats::uptimeAndLoad()
{
    QCOMPARE(MachineStats::parseUptime("13495.21 13850.44\n"), std::optional<double>(13495.21));
    QCOMPARE(MachineStats::parseUptime("x"), std::nullopt);
    QCOMPARE(
        MachineStats::parseLoadAverage("2.48 3.32 2.39 3/412 1455\n"), (QList<double> { 2.48, 3.32, 2.39 }));
    QVERIFY(MachineStats::parseLoadAverage("2.48").isEmpty());
}

void TestMachineStats::parentPid()
{
    QCOMPARE(MachineStats::parseParentPid("1455 (cat) R 1447 1447 28431 0 -1"), qint64(1447));
    // A command name may hold spaces and parentheses.
    QCOMPARE(MachineStats::parseParentPid("77 (a (b) c) S 12 77 77 0"), qint64(12));
    QCOMPARE(MachineStats::parseParentPid(""), qint64(0));
}

void TestMachineStats::agentKind_data()
{
    QTest::addColumn<QByteArray>("comm");
    QTest::addColumn<QByteArray>("cmdline");
    QTest::addColumn<QString>("kind");
    QTest::newRow("claude native") << QByteArray("claude\n") << args({ "claude", "--resume" }) << "claude";
    QTest::newRow("claude via node") << QByteArray(
        "node") << args({ "node", "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js" })
                                     << "claude";
    QTest::newRow("codex native") << QByteArray("codex") << args({ "/usr/local/bin/codex", "exec" })
                                  << "codex";
    QTest::newRow("codex platform binary")
        << QByteArray("codex-x86_64-un")
        << args({ "/usr/lib/node_modules/@openai/codex/bin/codex-x86_64-unknown-linux-musl" }) << "codex";
    QTest::newRow("codex npm launcher")
        << QByteArray("node") << args({ "node", "/usr/lib/node_modules/@openai/codex/bin/codex.js" })
        << "codex";
    QTest::newRow("opencode") << QByteArray("opencode") << args({ "opencode" }) << "opencode";
    QTest::newRow("opencode via bun")
        << QByteArray("bun")
        << args({ "bun", "/home/a/.bun/install/global/node_modules/opencode-ai/bin/oc.js" }) << "opencode";
    QTest::newRow("bun subcommand is not a script")
        << QByteArray("bun") << args({ "bun", "run", "/srv/opencode-ai/x.js" }) << "";
    QTest::newRow("openclaw via node")
        << QByteArray("node") << args({ "node", "--no-warnings", "/usr/bin/openclaw", "gateway" })
        << "openclaw";
    QTest::newRow("gemini via node") << QByteArray("node")
                                     << args({ "node", "/home/a/.npm-global/bin/gemini" }) << "gemini";
    QTest::newRow("gemini package path")
        << QByteArray("node")
        << args({ "/usr/bin/node", "/usr/lib/node_modules/@google/gemini-cli/dist/index.js" }) << "gemini";
    QTest::newRow("other node script")
        << QByteArray("node") << args({ "node", "server.js", "--claude" }) << "";
    QTest::newRow("editor on a file") << QByteArray("vim") << args({ "vim", "claude.md" }) << "";
    QTest::newRow("grep") << QByteArray("grep") << args({ "grep", "codex" }) << "";
    QTest::newRow("prefix is not a name") << QByteArray("claudette") << args({ "claudette" }) << "";
    QTest::newRow("kernel thread") << QByteArray("kworker/0:1") << QByteArray() << "";
    QTest::newRow("exited") << QByteArray() << QByteArray() << "";
}

void TestMachineStats::agentKind()
{
    QFETCH(QByteArray, comm);
    QFETCH(QByteArray, cmdline);
    QFETCH(QString, kind);
    QCOMPARE(MachineStats::agentKind(comm, cmdline), kind);
}

void TestMachineStats::countAgentsSkipsLaunchers()
{
    const QList<MachineStats::Process> processes = {
        { 10, 1, QStringLiteral("codex") }, // npm launcher (node .../codex.js)
        { 11, 10, QStringLiteral("codex") }, // its native child: the same agent
        { 20, 1, QStringLiteral("claude") },
        { 21, 1, QStringLiteral("claude") },
        { 22, 21, QString() }, // a shell the agent runs
        { 23, 22, QStringLiteral("claude") }, // claude started from inside claude's shell: its own agent
        { 30, 1, QString() },
    };
    const QMap<QString, int> counts = MachineStats::countAgents(processes);
    QCOMPARE(counts.value(QStringLiteral("codex")), 1);
    QCOMPARE(counts.value(QStringLiteral("claude")), 3);
    QCOMPARE(counts.value(QStringLiteral("gemini")), 0);
    QCOMPARE(counts.size(), MachineStats::agentKinds().size());
}

void TestMachineStats::sampleFakeProc()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    TestSupport::writeFile(root + QLatin1String("/stat"), kStat1);
    TestSupport::writeFile(root + QLatin1String("/meminfo"), kMeminfo);
    TestSupport::writeFile(root + QLatin1String("/uptime"), "500.5 900.0\n");
    TestSupport::writeFile(root + QLatin1String("/loadavg"), "0.50 0.25 0.10 1/100 42\n");
    writeProcess(root, 1, 0, "init", args({ "/sbin/init" }));
    writeProcess(root, 100, 1, "node", args({ "node", "/usr/lib/node_modules/@openai/codex/bin/codex.js" }));
    writeProcess(root, 101, 100, "codex-x86_64-un", args({ "/x/codex-x86_64-unknown-linux-musl" }));
    writeProcess(root, 200, 1, "claude", args({ "claude" }));
    writeProcess(root, 300, 1, "node", args({ "node", "/home/a/bin/gemini" }));
    QDir().mkpath(root + QLatin1String("/self"));

    MachineStats stats(root);
    // The constructor read kStat1; the next sample reads kStat2: 30% busy in between.
    TestSupport::writeFile(root + QLatin1String("/stat"), kStat2);
    QTest::qWait(int(MachineStats::kMinCpuIntervalMs) + 20);
    const MachineStats::Snapshot snapshot = stats.sample();
    QCOMPARE(snapshot.cpuPercent, std::optional<double>(30.0));
    QCOMPARE(snapshot.cpuCores, 2);
    QCOMPARE(snapshot.memory.usedPercent(), std::optional<double>(62.5));
    QCOMPARE(snapshot.systemUptimeSeconds, std::optional<double>(500.5));
    QCOMPARE(snapshot.processCount, 3);
    QCOMPARE(snapshot.agentProcesses.value(QStringLiteral("codex")), 1);
    QCOMPARE(snapshot.agentProcesses.value(QStringLiteral("claude")), 1);
    QCOMPARE(snapshot.agentProcesses.value(QStringLiteral("gemini")), 1);

    const QJsonObject json = MachineStats::toJson(snapshot, 42);
    QCOMPARE(json.value(QStringLiteral("cpu")).toDouble(), 30.0);
    QCOMPARE(json.value(QStringLiteral("memory")).toDouble(), 62.5);
    QCOMPARE(json.value(QStringLiteral("uptime")).toInteger(), qint64(42));
    QCOMPARE(json.value(QStringLiteral("process_count")).toInteger(), qint64(3));
    QCOMPARE(json.value(QStringLiteral("memory_total_bytes")).toInteger(), qint64(16000000) * 1024);
    QCOMPARE(json.value(QStringLiteral("system_uptime")).toInteger(), qint64(500));
    QCOMPARE(json.value(QStringLiteral("load_average")).toArray().size(), 3);

    // A second sample within the minimum interval repeats the figure instead of dividing by ~0.
    TestSupport::writeFile(root + QLatin1String("/stat"), "cpu  1000 0 0 0 0 0 0 0\n");
    QCOMPARE(stats.sample().cpuPercent, std::optional<double>(30.0));

    // Right after construction there is no interval yet: the average since boot (kStat2: 200 busy
    // jiffies of 1110).
    TestSupport::writeFile(root + QLatin1String("/stat"), kStat2);
    MachineStats fresh(root);
    QCOMPARE(fresh.sample().cpuPercent, std::optional<double>(18.0));
}

void TestMachineStats::sampleRealProc()
{
    if (!QFileInfo::exists(QStringLiteral("/proc/stat")))
        QSKIP("no /proc on this system");
    MachineStats stats;
    const MachineStats::Snapshot snapshot = stats.sample();
    // Right after construction no tick may have passed: the figure is then the average since boot,
    // but it is always a number.
    QVERIFY(snapshot.cpuPercent.has_value());
    QVERIFY(*snapshot.cpuPercent >= 0 && *snapshot.cpuPercent <= 100);
    QVERIFY(snapshot.memory.valid());
    QVERIFY(snapshot.cpuCores >= 1);
    QVERIFY(snapshot.processCount >= 0);
}

QTEST_GUILESS_MAIN(TestMachineStats)
#include "tst_machinestats.moc"
