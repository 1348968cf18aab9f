// SPDX-License-Identifier: MIT
// `serve` and `prices update` are a module the executable loads only for them (app/cli/networkmodule.h):
// the executable finds it in the build tree and in an installation, says clearly when it is missing,
// and every other command loads no network library. What the commands do is tested in tst_cli.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestNetworkModule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtExecutableServes();
    void installedExecutableServes();
    void missingModuleIsAClearError();
    void otherCommandsLoadNoNetworkLibrary();
};

namespace {
using Run = TestSupport::ProcessRun;
using TestSupport::runProcess;

// `serve --help` is answered by the module's ServeCommand: only it knows --bind.
void verifyServes(const QString& executable)
{
    const Run help = runProcess(executable, { QStringLiteral("serve"), QStringLiteral("--help") });
    QVERIFY2(help.exitCode == 0, help.err.constData());
    QVERIFY2(help.out.contains("--bind") && help.out.contains("--port"), help.out.constData());
}
} // namespace

void TestNetworkModule::builtExecutableServes()
{
    QVERIFY(QFile::exists(QFileInfo(QStringLiteral(AGENTMETER_BINARY))
                              .dir()
                              .filePath(QStringLiteral("agentmeter-network.so"))));
    verifyServes(QStringLiteral(AGENTMETER_BINARY));
}

void TestNetworkModule::installedExecutableServes()
{
    // What a package installs: bin/agentmeter and <libdir>/agentmeter/agentmeter-network.so.
    QTemporaryDir prefix;
    const Run install = runProcess(QStringLiteral(CMAKE_COMMAND),
        { QStringLiteral("--install"), QStringLiteral(AGENTMETER_BUILD_DIR), QStringLiteral("--prefix"),
            prefix.path() });
    QVERIFY2(install.exitCode == 0, install.err.constData());
    QVERIFY(QFile::exists(
        prefix.filePath(QStringLiteral(AGENTMETER_INSTALL_LIBDIR "/agentmeter/agentmeter-network.so"))));
    QVERIFY(!QFile::exists(prefix.filePath(QStringLiteral("bin/agentmeter-network.so"))));
    verifyServes(prefix.filePath(QStringLiteral("bin/agentmeter")));
}

void TestNetworkModule::missingModuleIsAClearError()
{
    QTemporaryDir dir;
    const QString lonely = dir.filePath(QStringLiteral("agentmeter"));
    QVERIFY(QFile::copy(QStringLiteral(AGENTMETER_BINARY), lonely));
    const QByteArray expectedPath = QFile::encodeName(dir.filePath(QStringLiteral("agentmeter-network.so")));
    const Run serve = runProcess(lonely,
        { QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            dir.filePath(QStringLiteral("x.db")) });
    QCOMPARE(serve.exitCode, 1);
    QVERIFY2(
        serve.err.contains("cannot run 'serve'") && serve.err.contains(expectedPath), serve.err.constData());
    const Run update = runProcess(lonely,
        { QStringLiteral("prices"), QStringLiteral("update"), QStringLiteral("--url"),
            QStringLiteral("http://127.0.0.1:9/data_slim.json") });
    QCOMPARE(update.exitCode, 1);
    QVERIFY2(update.err.contains("cannot run 'prices update'"), update.err.constData());
    // Everything else still works without it; a bad argument is still refused before any loading.
    const Run version = runProcess(lonely, { QStringLiteral("--version") });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("agentmeter "));
    QCOMPARE(runProcess(lonely,
                 { QStringLiteral("prices"), QStringLiteral("update"), QStringLiteral("--url"),
                     QStringLiteral("not a url") })
                 .exitCode,
        2);
}

void TestNetworkModule::otherCommandsLoadNoNetworkLibrary()
{
    // The dynamic loader lists what it loads (LD_DEBUG=files): Qt Core, no Qt Network or HttpServer;
    // `serve --help` loads them, through the module.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    const Run version
        = runProcess(QStringLiteral(AGENTMETER_BINARY), { QStringLiteral("--version") }, environment);
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.err.contains("libQt6Core.so"), version.err.left(2000).constData());
    QVERIFY2(!version.err.contains("libQt6Network.so"), version.err.left(2000).constData());
    QVERIFY2(!version.err.contains("libQt6HttpServer.so"), version.err.left(2000).constData());
    const Run serve = runProcess(QStringLiteral(AGENTMETER_BINARY),
        { QStringLiteral("serve"), QStringLiteral("--help") }, environment);
    QCOMPARE(serve.exitCode, 0);
    QVERIFY2(serve.err.contains("agentmeter-network.so") && serve.err.contains("libQt6HttpServer.so"),
        serve.err.left(4000).constData());
}

QTEST_GUILESS_MAIN(TestNetworkModule)
#include "tst_networkmodule.moc"
