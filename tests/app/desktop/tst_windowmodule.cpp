// SPDX-License-Identifier: MIT
// The window is a module the executable loads only to open it (app/windowmodule.h): the executable finds
// it in the build tree and in an installation, says clearly when it is missing, and a command-line run
// does not load the window's libraries.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestWindowModule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtExecutableOpensTheWindow();
    void installedExecutableOpensTheWindow();
    void missingModuleIsAClearError();
    void commandLineRunLoadsNoWindowLibrary();
};

namespace {
using Run = TestSupport::ProcessRun;
using TestSupport::runProcess;

// `window --help` is answered by the module's WindowCommand: only the window has --screenshots.
void verifyOpensTheWindow(const QString& executable)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const Run help
        = runProcess(executable, { QStringLiteral("window"), QStringLiteral("--help") }, environment);
    QVERIFY2(help.exitCode == 0, help.err.constData());
    QVERIFY2(
        help.out.contains("window [options]") && help.out.contains("--screenshots"), help.out.constData());
}
} // namespace

void TestWindowModule::builtExecutableOpensTheWindow()
{
    QVERIFY(QFile::exists(
        QFileInfo(QStringLiteral(AGENTMETER_BINARY)).dir().filePath(QStringLiteral("agentmeter-window.so"))));
    verifyOpensTheWindow(QStringLiteral(AGENTMETER_BINARY));
}

void TestWindowModule::installedExecutableOpensTheWindow()
{
    // What a package installs: bin/agentmeter and <libdir>/agentmeter/agentmeter-window.so.
    QTemporaryDir prefix;
    const Run install = runProcess(QStringLiteral(CMAKE_COMMAND),
        { QStringLiteral("--install"), QStringLiteral(AGENTMETER_BUILD_DIR), QStringLiteral("--prefix"),
            prefix.path() });
    QVERIFY2(install.exitCode == 0, install.err.constData());
    QVERIFY(QFile::exists(
        prefix.filePath(QStringLiteral(AGENTMETER_INSTALL_LIBDIR "/agentmeter/agentmeter-window.so"))));
    QVERIFY(!QFile::exists(prefix.filePath(QStringLiteral("bin/agentmeter-window.so"))));
    verifyOpensTheWindow(prefix.filePath(QStringLiteral("bin/agentmeter")));
}

void TestWindowModule::missingModuleIsAClearError()
{
    QTemporaryDir dir;
    const QString lonely = dir.filePath(QStringLiteral("agentmeter"));
    QVERIFY(QFile::copy(QStringLiteral(AGENTMETER_BINARY), lonely));
    const Run window = runProcess(lonely, { QStringLiteral("window") });
    QCOMPARE(window.exitCode, 1);
    QVERIFY2(window.err.contains("cannot open the window")
            && window.err.contains(QFile::encodeName(dir.filePath(QStringLiteral("agentmeter-window.so")))),
        window.err.constData());
    // Everything else still works without it.
    const Run version = runProcess(lonely, { QStringLiteral("--version") });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("agentmeter "));
}

void TestWindowModule::commandLineRunLoadsNoWindowLibrary()
{
    // The dynamic loader lists what it loads (LD_DEBUG=files): Qt Core, not Qt Widgets or Gui.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    const Run version
        = runProcess(QStringLiteral(AGENTMETER_BINARY), { QStringLiteral("--version") }, environment);
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.err.contains("libQt6Core.so"), version.err.left(2000).constData());
    QVERIFY2(!version.err.contains("libQt6Widgets.so"), version.err.left(2000).constData());
    QVERIFY2(!version.err.contains("libQt6Gui.so"), version.err.left(2000).constData());
}

QTEST_GUILESS_MAIN(TestWindowModule)
#include "tst_windowmodule.moc"
