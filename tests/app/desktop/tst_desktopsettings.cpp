// SPDX-License-Identifier: MIT
#include "desktopsettings.h"
#include "settings/appsettings.h"
#include "testsupport.h"

#include <QCommandLineParser>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestDesktopSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sources_data();
    void sources();
    void server_data();
    void server();
    void timeZoneAndCostMode();
    void databasePath_data();
    void databasePath();
    void priceOverridesFromTheSettings();

private:
    // "source=a,b" entries, sorted, for comparing roots.
    static QStringList describe(const QHash<QString, QStringList>& roots);
    int configure(const QStringList& arguments, CliContext& context, QString* error);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
};

void TestDesktopSettings::initTestCase()
{
    // Keeps the user's own price overrides and fetched prices out of configure().
    QStandardPaths::setTestModeEnabled(true);
}

void TestDesktopSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("agentmeter.conf")));
}

void TestDesktopSettings::cleanup()
{
    // The settings first: destroying them writes the file, which would make its directory again.
    m_settings.reset();
    m_dir.reset();
}

QStringList TestDesktopSettings::describe(const QHash<QString, QStringList>& roots)
{
    QStringList entries;
    for (auto it = roots.cbegin(); it != roots.cend(); ++it)
        entries << it.key() + QLatin1Char('=') + it.value().join(QLatin1Char(','));
    entries.sort();
    return entries;
}

int TestDesktopSettings::configure(const QStringList& arguments, CliContext& context, QString* error)
{
    QCommandLineParser parser;
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    if (!parser.parse(QStringList { QStringLiteral("agentmeter") } + arguments))
        qFatal("bad arguments: %s", qPrintable(parser.errorText()));
    return DesktopSettings::configure(context, parser, *m_settings, error);
}

void TestDesktopSettings::sources_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("settingRoots"); // "source=a,b"
    QTest::addColumn<QStringList>("switchedOff");
    QTest::addColumn<bool>("storeContent");
    QTest::addColumn<QStringList>("roots");
    QTest::addColumn<QStringList>("disabled");
    QTest::addColumn<bool>("content");

    QTest::newRow("nothing set: detected defaults, every source")
        << QStringList() << QStringList() << QStringList() << true << QStringList() << QStringList() << true;
    QTest::newRow("setting roots") << QStringList()
                                   << QStringList { QStringLiteral("codex=/s/codex,/t/codex") }
                                   << QStringList() << true
                                   << QStringList { QStringLiteral("codex=/s/codex,/t/codex") }
                                   << QStringList() << true;
    QTest::newRow("switched off") << QStringList() << QStringList { QStringLiteral("gemini=/s/gemini") }
                                  << QStringList { QStringLiteral("gemini"), QStringLiteral("openclaw") }
                                  << true << QStringList()
                                  << QStringList { QStringLiteral("openclaw"), QStringLiteral("gemini") }
                                  << true;
    QTest::newRow("option wins over setting roots")
        << QStringList { QStringLiteral("--claude-dir"), QStringLiteral("/cli/claude") }
        << QStringList { QStringLiteral("claude=/s/claude"), QStringLiteral("codex=/s/codex") }
        << QStringList() << true
        << QStringList { QStringLiteral("claude=/cli/claude"), QStringLiteral("codex=/s/codex") }
        << QStringList() << true;
    QTest::newRow("a source named by an option is read even when switched off")
        << QStringList { QStringLiteral("--opencode-dir"), QStringLiteral("/cli/opencode") } << QStringList()
        << QStringList { QStringLiteral("opencode"), QStringLiteral("codex") } << true
        << QStringList { QStringLiteral("opencode=/cli/opencode") } << QStringList { QStringLiteral("codex") }
        << true;
    QTest::newRow("privacy setting off") << QStringList() << QStringList() << QStringList() << false
                                         << QStringList() << QStringList() << false;
    QTest::newRow("--no-content wins over the setting")
        << QStringList { QStringLiteral("--no-content") } << QStringList() << QStringList() << true
        << QStringList() << QStringList() << false;
}

void TestDesktopSettings::sources()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, settingRoots);
    QFETCH(QStringList, switchedOff);
    QFETCH(bool, storeContent);
    QFETCH(QStringList, roots);
    QFETCH(QStringList, disabled);
    QFETCH(bool, content);
    for (const QString& entry : settingRoots) {
        const QString source = entry.section(QLatin1Char('='), 0, 0);
        m_settings->setSourceRoots(source, entry.section(QLatin1Char('='), 1).split(QLatin1Char(',')));
    }
    for (const QString& source : switchedOff)
        m_settings->setSourceEnabled(source, false);
    m_settings->setStoreContent(storeContent);

    CliContext context;
    QString error;
    QCOMPARE(configure(arguments, context, &error), 0);
    const SourceSet::Config config = context.sourceConfig();
    QCOMPARE(describe(config.roots), roots);
    QCOMPARE(config.disabled, disabled); // in SourceSet::names() order
    QCOMPARE(config.options.storeContent, content);
    QVERIFY(config.only.isEmpty());
    // What the services build from it reads exactly the sources left on.
    const SourceSet sources(config);
    QStringList read;
    for (const SourceAdapter* adapter : sources.adapters())
        read << adapter->name();
    QStringList expected = SourceSet::names();
    for (const QString& source : disabled)
        expected.removeAll(source);
    QCOMPARE(read, expected);
}

void TestDesktopSettings::server_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("bind");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("runs");
    QTest::addColumn<QString>("problem");

    QTest::newRow("defaults") << true << QStringLiteral("127.0.0.1") << 8765 << QString() << true
                              << QString();
    QTest::newRow("switched off") << false << QStringLiteral("127.0.0.1") << 8765 << QString() << false
                                  << QString();
    QTest::newRow("ipv6 loopback") << true << QStringLiteral("::1") << 9000 << QString() << true << QString();
    QTest::newRow("all interfaces with token")
        << true << QStringLiteral("0.0.0.0") << 9000 << QStringLiteral("secret") << true << QString();
    QTest::newRow("all interfaces without token")
        << true << QStringLiteral("0.0.0.0") << 9000 << QString() << false << QStringLiteral("needs a token");
    QTest::newRow("not an address") << true << QStringLiteral("localhost") << 9000 << QString() << false
                                    << QStringLiteral("not an IP address");
    QTest::newRow("port out of range")
        << true << QStringLiteral("127.0.0.1") << 70000 << QString() << false << QStringLiteral("65535");
}

void TestDesktopSettings::server()
{
    QFETCH(bool, enabled);
    QFETCH(QString, bind);
    QFETCH(int, port);
    QFETCH(QString, token);
    QFETCH(bool, runs);
    QFETCH(QString, problem);
    m_settings->setApiEnabled(enabled);
    m_settings->setApiBind(bind);
    m_settings->setApiPort(port);
    m_settings->setApiToken(token);
    m_settings->setTimeZone(QStringLiteral("Pacific/Auckland"));
    QString error;
    const std::optional<ServerConfig> config = DesktopSettings::server(*m_settings, &error);
    QCOMPARE(config.has_value(), runs);
    if (problem.isEmpty())
        QVERIFY2(error.isEmpty(), qPrintable(error));
    else
        QVERIFY2(error.contains(problem), qPrintable(error));
    if (!config)
        return;
    QCOMPARE(config->bind.toString(), bind);
    QCOMPARE(int(config->port), port);
    QCOMPARE(config->token, token);
    QCOMPARE(config->timeZone.id(), QByteArray("Pacific/Auckland"));
}

void TestDesktopSettings::timeZoneAndCostMode()
{
    QCOMPARE(DesktopSettings::timeZone(*m_settings), QTimeZone::systemTimeZone());
    m_settings->setTimeZone(QStringLiteral("America/New_York"));
    QCOMPARE(DesktopSettings::timeZone(*m_settings).id(), QByteArray("America/New_York"));
    m_settings->setTimeZone(QStringLiteral("Mars/Olympus_Mons"));
    QCOMPARE(DesktopSettings::timeZone(*m_settings), QTimeZone::systemTimeZone());

    QCOMPARE(DesktopSettings::costMode(*m_settings), ReportOptions::CostMode::Auto);
    m_settings->setCostMode(QStringLiteral("calculate"));
    QCOMPARE(DesktopSettings::costMode(*m_settings), ReportOptions::CostMode::Calculate);
    m_settings->setCostMode(QStringLiteral("display"));
    QCOMPARE(DesktopSettings::costMode(*m_settings), ReportOptions::CostMode::Display);
    m_settings->setCostMode(QStringLiteral("bogus"));
    QCOMPARE(DesktopSettings::costMode(*m_settings), ReportOptions::CostMode::Auto);
}

void TestDesktopSettings::databasePath_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("expected");
    QTest::newRow("option wins") << QStringLiteral("/o.db") << QStringLiteral("/s.db")
                                 << QStringLiteral("/e.db") << QStringLiteral("/o.db");
    QTest::newRow("setting over environment")
        << QString() << QStringLiteral("/s.db") << QStringLiteral("/e.db") << QStringLiteral("/s.db");
    QTest::newRow("environment without setting")
        << QString() << QString() << QStringLiteral("/e.db") << QStringLiteral("/e.db");
}

void TestDesktopSettings::databasePath()
{
    QFETCH(QString, option);
    QFETCH(QString, setting);
    QFETCH(QString, environment);
    QFETCH(QString, expected);
    m_settings->setDatabasePath(setting);
    qputenv("AGENTMETER_DB", environment.toUtf8());
    CliContext context;
    QString error;
    const int code = configure(
        option.isEmpty() ? QStringList() : QStringList { QStringLiteral("--db"), option }, context, &error);
    qunsetenv("AGENTMETER_DB");
    QCOMPARE(code, 0);
    QCOMPARE(context.databasePath(), expected);
}

void TestDesktopSettings::priceOverridesFromTheSettings()
{
    const QString overrides = m_dir->filePath(QStringLiteral("overrides.json"));
    TestSupport::writeFile(overrides, "{}");
    CliContext plain;
    QString error;
    QCOMPARE(configure({}, plain, &error), 0);
    m_settings->setPriceOverridesPath(overrides);
    CliContext usable;
    QCOMPARE(configure({}, usable, &error), 0);
    // The overrides file is part of the price book's identity: stored costs are re-priced on a change.
    QVERIFY(usable.priceFingerprint() != plain.priceFingerprint());

    TestSupport::writeFile(overrides, "{ not json");
    CliContext broken;
    QCOMPARE(configure({}, broken, &error), 1);
    QVERIFY2(error.contains(overrides), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestDesktopSettings)
#include "tst_desktopsettings.moc"
