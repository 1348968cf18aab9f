// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/ingeststats.h"
#include "ingest/sourceset.h"

#include <memory>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

class PriceBook;
class QTextStream;

// What every subcommand shares: where the database is, which sources to read, which prices to use,
// and running an ingest with a progress line. Options are registered on the subcommand's parser.
class CliContext
{
public:
    CliContext();
    ~CliContext();

    static void addStoreOptions(QCommandLineParser& parser);
    static void addSourceOptions(QCommandLineParser& parser);

    // The window's saved choices, used by configure() where no option was given: they win over the
    // environment variables and the built-in defaults. Empty = not chosen.
    struct Preferred
    {
        QString databasePath;
        QString priceOverridesPath;
    };
    void setPreferred(const Preferred& preferred) { m_preferred = preferred; }

    // Reads the registered options. Returns 0 on success, else the exit code (2: a bad option value,
    // 1: a runtime failure, e.g. an unreadable overrides file from the environment) with *error set.
    int configure(const QCommandLineParser& parser, QString* error);

    QString databasePath() const { return m_databasePath; }
    void setDatabasePath(const QString& path) { m_databasePath = path; }
    // Which sources to read and where: the --<source>-dir options, else each source's defaults.
    SourceSet::Config sourceConfig() const { return m_sources; }
    // The window's settings adjust what configure() made of the command line (DesktopSettings).
    void setSourceConfig(const SourceSet::Config& config) { m_sources = config; }
    std::shared_ptr<const PriceBook> prices() const { return m_prices; }
    QByteArray priceFingerprint() const { return m_priceFingerprint; }

    // With no agent logs anywhere and nothing in the database (or when forced), switches to generated
    // demo logs of every source,
    // written once below the data directory, and to a separate demo database; says so on stdout.
    // Returns 0, or 1 with *error set when the demo data cannot be written.
    int useDemoDataUnlessLogs(bool force, QString* error);
    bool usingDemoData() const { return m_demo; }
    // Whether there is anything real to show: a log of any configured source, or sessions already in the
    // database (the agents delete old logs; what the database kept is still the user's data).
    bool hasLogsOrSessions() const;
    // Reads only the generated demo logs (DemoCorpus::ensure) into the separate demo database.
    void useDemoData(const QHash<QString, QString>& rootBySource, const QString& databasePath);

    // Ingests every source into the database. Progress goes to stderr when it is a terminal. A dry run
    // parses every file from its start and writes nothing.
    IngestStats ingest(bool showProgress, bool dryRun = false);

    // The default database: --db, else AGENTMETER_DB, else <AppDataLocation>/agentmeter.db.
    static QString defaultDatabasePath();
    // Where `agentmeter prices update` keeps the price data it fetched.
    static QString fetchedPricesPath();
    // Which price data is in use: "embedded snapshot" or the fetched file's path.
    QString priceSource() const { return m_priceSource; }

private:
    QString m_databasePath;
    SourceSet::Config m_sources;
    std::shared_ptr<PriceBook> m_prices;
    QByteArray m_priceFingerprint;
    QString m_priceSource;
    bool m_demo = false;
    Preferred m_preferred;
};

// Output helpers: stdout for results, stderr for diagnostics.
QTextStream& out();
QTextStream& err();
