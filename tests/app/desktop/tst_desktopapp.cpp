// SPDX-License-Identifier: MIT
#include "clicontext.h"
#include "desktopapp.h"
#include "desktopsettings.h"
#include "firstrunpage.h"
#include "mainwindow.h"
#include "servicehost.h"
#include "settings/appsettings.h"
#include "testsupport.h"
#include "tracelistmodel.h"
#include "tracespage.h"

#include <QCommandLineParser>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

// The window's process against a real home directory of its own: which logs exist decides between the
// first-run page and the window, and the settings decide what the services run on.
class TestDesktopApp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void firstRunWhenThereIsNothingToShow();
    void choosingFoldersWithLogsOpensTheWindow();
    void demoDataFromTheFirstRunPageUntilRealLogsAppear();
    void apiChangesRestartTheServicesOnly();
    void timeZoneChangesRebuildTheWindowOnly();
    void costModeChangesReachThePages();
    void aTakenPortLeavesTheWindowWorking();
    void anUnusableDatabaseSettingIsNotApplied();

private:
    std::unique_ptr<DesktopApp> makeApp();
    static quint16 freePort();

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<AppSettings> m_settings;
    QCommandLineParser m_parser;
};

void TestDesktopApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    CliContext::addStoreOptions(m_parser);
    CliContext::addSourceOptions(m_parser);
    // Every source's defaults follow $HOME and its own variables: none may point at this machine's logs.
    for (const char* name : { "CLAUDE_CONFIG_DIR", "CODEX_HOME", "OPENCODE_DB", "OPENCODE_DATA_DIR",
             "XDG_DATA_HOME", "OPENCLAW_STATE_DIR", "OPENCLAW_DIR", "GEMINI_DATA_DIR", "GEMINI_CLI_HOME",
             "AGENTMETER_DB", "AGENTMETER_PRICE_OVERRIDES", "AGENTMETER_NO_CONTENT" })
        qunsetenv(name);
}

void TestDesktopApp::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    qputenv("HOME", m_home->path().toUtf8());
    m_settings = std::make_unique<AppSettings>(m_home->filePath(QStringLiteral("agentmeter.conf")));
    m_settings->setApiEnabled(false);
    const QString db = m_home->filePath(QStringLiteral("agentmeter.db"));
    QVERIFY(m_parser.parse({ QStringLiteral("agentmeter"), QStringLiteral("--db"), db }));
}

void TestDesktopApp::cleanup()
{
    m_settings.reset();
    m_home.reset();
}

std::unique_ptr<DesktopApp> TestDesktopApp::makeApp()
{
    DesktopApp::Options options;
    options.dataDir = m_home->filePath(QStringLiteral("data"));
    options.configure = [this](CliContext& context, QString* error) {
        return DesktopSettings::configure(context, m_parser, *m_settings, error);
    };
    auto context = std::make_unique<CliContext>();
    QString error;
    if (options.configure(*context, &error) != 0)
        qFatal("configure: %s", qPrintable(error));
    return std::make_unique<DesktopApp>(std::move(context), *m_settings, options);
}

quint16 TestDesktopApp::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("no free port");
    return probe.serverPort();
}

void TestDesktopApp::firstRunWhenThereIsNothingToShow()
{
    const auto app = makeApp();
    app->start();
    QVERIFY(app->firstRunPage());
    QVERIFY(!app->window());
    QVERIFY(!app->services());
    const QString roots = app->firstRunPage()->findChild<QLabel*>(QStringLiteral("rootsLookedIn"))->text();
    QVERIFY2(roots.contains(m_home->filePath(QStringLiteral(".claude"))), qPrintable(roots));
    QVERIFY2(roots.contains(m_home->filePath(QStringLiteral(".codex"))), qPrintable(roots));
}

void TestDesktopApp::choosingFoldersWithLogsOpensTheWindow()
{
    const auto app = makeApp();
    app->start();
    QVERIFY(app->firstRunPage());
    // Folders without logs: the page stays and says where it looked this time.
    const QString empty = m_home->filePath(QStringLiteral("empty"));
    m_settings->setSourceRoots(QStringLiteral("claude"), { empty });
    app->applySettings();
    QVERIFY(app->firstRunPage());
    QVERIFY(app->firstRunPage()->findChild<QLabel*>(QStringLiteral("rootsLookedIn"))->text().contains(empty));

    const QString logs = m_home->filePath(QStringLiteral("logs/claude"));
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")), logs);
    m_settings->setSourceRoots(QStringLiteral("claude"), { logs });
    app->applySettings();
    QVERIFY(!app->firstRunPage());
    QVERIFY(app->window());
    QVERIFY(app->services());
    QVERIFY(!app->context().usingDemoData());
    QCOMPARE(app->context().sourceConfig().roots.value(QStringLiteral("claude")), QStringList { logs });
    QVERIFY(!app->window()->findChild<QLabel*>(QStringLiteral("banner"))->isVisibleTo(app->window()));
}

void TestDesktopApp::demoDataFromTheFirstRunPageUntilRealLogsAppear()
{
    const auto app = makeApp();
    app->start();
    FirstRunPage* page = app->firstRunPage();
    QVERIFY(page);
    page->setDemoSizeFactor(0.01);
    QSignalSpy ready(page, &FirstRunPage::demoDataAvailable);
    page->loadDemoData();
    QVERIFY(ready.wait(120000));
    QVERIFY(app->window());
    QVERIFY(app->services());
    QVERIFY(app->context().usingDemoData());
    QCOMPARE(app->context().databasePath(), m_home->filePath(QStringLiteral("data/agentmeter-demo.db")));
    auto* banner = app->window()->findChild<QLabel*>(QStringLiteral("banner"));
    QVERIFY(banner->isVisibleTo(app->window()));
    QVERIFY(banner->text().contains(QStringLiteral("Demo data")));

    // Settings that still find no logs keep the demo.
    app->applySettings();
    QVERIFY(app->context().usingDemoData());
    // Folders with logs: the window switches to them, and to the real database.
    const QString logs = m_home->filePath(QStringLiteral("logs/claude"));
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")), logs);
    m_settings->setSourceRoots(QStringLiteral("claude"), { logs });
    app->applySettings();
    QVERIFY(!app->context().usingDemoData());
    QCOMPARE(app->context().databasePath(), m_home->filePath(QStringLiteral("agentmeter.db")));
    QVERIFY(!app->window()->findChild<QLabel*>(QStringLiteral("banner"))->isVisibleTo(app->window()));
}

void TestDesktopApp::apiChangesRestartTheServicesOnly()
{
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")),
        m_home->filePath(QStringLiteral(".claude")));
    const quint16 first = freePort();
    m_settings->setApiEnabled(true);
    m_settings->setApiPort(first);
    const auto app = makeApp();
    app->start();
    QVERIFY(!app->firstRunPage());
    QVERIFY2(app->apiProblem().isEmpty(), qPrintable(app->apiProblem()));
    QCOMPARE(app->services()->apiPort(), first);
    // Guarded pointers: a restarted service or a rebuilt window leaves them null.
    const QPointer<ServiceHost> services = app->services();
    const QPointer<MainWindow> window = app->window();

    app->applySettings(); // nothing changed: nothing restarts
    QVERIFY(services && window);

    const quint16 second = freePort();
    m_settings->setApiPort(second);
    app->applySettings();
    QVERIFY(!services);
    QCOMPARE(app->services()->apiPort(), second);
    QVERIFY(window);

    m_settings->setApiEnabled(false);
    app->applySettings();
    QVERIFY(!app->services()->api());
}

void TestDesktopApp::timeZoneChangesRebuildTheWindowOnly()
{
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")),
        m_home->filePath(QStringLiteral(".claude")));
    const auto app = makeApp();
    app->start();
    const QPointer<ServiceHost> services = app->services();
    const QPointer<MainWindow> window = app->window();
    QVERIFY(window);
    m_settings->setTimeZone(QStringLiteral("Asia/Tokyo"));
    app->applySettings();
    QVERIFY(app->window());
    QVERIFY(!window);
    QVERIFY(services);
}

// A store with OpenClaw's logged costs: after the cost mode changes, the rebuilt window's pages show
// the other cost (here the Traces list, whose figures do not depend on today's date).
void TestDesktopApp::costModeChangesReachThePages()
{
    TestSupport::buildFixtureDatabase(m_home->filePath(QStringLiteral("agentmeter.db")));
    const auto app = makeApp();
    app->start();
    const auto inboxCost = [&app]() -> QString {
        auto* page = app->window()->findChild<TracesPage*>();
        auto* list = page ? page->findChild<TraceListModel*>() : nullptr;
        if (!list)
            return QStringLiteral("no list");
        if (list->rowCount() == 0) {
            QSignalSpy loaded(page, &TracesPage::rootsLoaded);
            if (!loaded.wait(10000))
                return QStringLiteral("not loaded");
        }
        for (int row = 0; row < list->rowCount(); ++row)
            if (list->index(row, TraceListModel::TitleColumn).data() == QStringLiteral("Morning inbox"))
                return list->index(row, TraceListModel::CostColumn).data().toString();
        return QStringLiteral("not listed");
    };
    QVERIFY(app->window());
    const QPointer<ServiceHost> services = app->services();
    const QPointer<MainWindow> window = app->window();
    QCOMPARE(inboxCost(), QStringLiteral("$0.0889")); // auto: logged, else ours

    m_settings->setCostMode(QStringLiteral("calculate"));
    app->applySettings();
    QVERIFY(!window);
    QVERIFY(services);
    QCOMPARE(inboxCost(), QStringLiteral("$0.0855")); // ours only

    m_settings->setCostMode(QStringLiteral("display"));
    app->applySettings();
    QCOMPARE(inboxCost(), QStringLiteral("$0.0829")); // logged only
}

void TestDesktopApp::aTakenPortLeavesTheWindowWorking()
{
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")),
        m_home->filePath(QStringLiteral(".claude")));
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    m_settings->setApiEnabled(true);
    m_settings->setApiPort(taken.serverPort());
    const auto app = makeApp();
    app->start();
    QVERIFY(app->window());
    QVERIFY(app->services());
    QVERIFY(!app->services()->api());
    QVERIFY(app->apiProblem().startsWith(QStringLiteral("API not started")));
    QCOMPARE(app->window()->statusBar()->currentMessage(), app->apiProblem());
}

void TestDesktopApp::anUnusableDatabaseSettingIsNotApplied()
{
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")),
        m_home->filePath(QStringLiteral(".claude")));
    QVERIFY(m_parser.parse({ QStringLiteral("agentmeter") })); // no --db: the setting decides
    const QString good = m_home->filePath(QStringLiteral("good.db"));
    m_settings->setDatabasePath(good);
    const auto app = makeApp();
    app->start();
    QVERIFY(app->window());
    QCOMPARE(app->context().databasePath(), good);
    // A path below a regular file can never be created.
    TestSupport::writeFile(m_home->filePath(QStringLiteral("plain-file")), "x");
    const QString bad = m_home->filePath(QStringLiteral("plain-file/agentmeter.db"));
    m_settings->setDatabasePath(bad);
    app->applySettings();
    QCOMPARE(app->context().databasePath(), good);
    QVERIFY(app->window());
    QCOMPARE(m_settings->databasePath(), good); // so that the next start works too
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = app->window()->findChild<QMessageBox*>()) != nullptr);
    QVERIFY2(box->text().contains(bad), qPrintable(box->text()));
}

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
