// SPDX-License-Identifier: MIT
#include "clicontext.h"

#include "demo/democorpus.h"
#include "ingest/ingestengine.h"
#include "ingest/sourceset.h"
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/storeerror.h"
#include "store/storewriterthread.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>
#include <unistd.h>

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

CliContext::CliContext() = default;
CliContext::~CliContext() = default;

void CliContext::addStoreOptions(QCommandLineParser& parser)
{
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("SQLite database file (default: $AGENTMETER_DB, else %1).")
            .arg(QStringLiteral("~/.local/share/agentmeter/agentmeter.db")),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("price-overrides"),
        QStringLiteral("JSON file of per-model price overrides (default: $AGENTMETER_PRICE_OVERRIDES, "
                       "else ~/.config/agentmeter/price-overrides.json if it exists)."),
        QStringLiteral("file") });
}

void CliContext::addSourceOptions(QCommandLineParser& parser)
{
    parser.addOption({ QStringLiteral("claude-dir"),
        QStringLiteral("Claude Code config or projects directory; repeatable or comma-separated "
                       "(default: $CLAUDE_CONFIG_DIR, else ~/.claude and ~/.config/claude)."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("codex-home"),
        QStringLiteral("Codex home directory; repeatable or comma-separated (default: $CODEX_HOME, "
                       "else ~/.codex)."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("opencode-dir"),
        QStringLiteral("OpenCode data directory, or its database file; repeatable or comma-separated "
                       "(default: $OPENCODE_DB, $OPENCODE_DATA_DIR, else "
                       "$XDG_DATA_HOME/opencode, ~/.local/share/opencode)."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("openclaw-dir"),
        QStringLiteral("OpenClaw state directory; repeatable or comma-separated (default: "
                       "$OPENCLAW_STATE_DIR, $OPENCLAW_DIR, else ~/.openclaw, ~/.openclaw-*, ~/.clawdbot, "
                       "~/.moltbot, ~/.moldbot)."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("gemini-dir"),
        QStringLiteral("Gemini CLI directory (~/.gemini); repeatable or comma-separated (default: "
                       "$GEMINI_DATA_DIR, $GEMINI_CLI_HOME/.gemini, else ~/.gemini)."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("no-content"),
        QStringLiteral("Store no prompt or message text (lengths and counts only). Also "
                       "AGENTMETER_NO_CONTENT=1.") });
}

QString CliContext::fetchedPricesPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QLatin1String("/prices/data_slim.json");
}

QString CliContext::defaultDatabasePath()
{
    const QString fromEnv = qEnvironmentVariable("AGENTMETER_DB");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QLatin1String("/agentmeter.db");
}

int CliContext::configure(const QCommandLineParser& parser, QString* error)
{
    const QStringList names = parser.optionNames();
    m_databasePath = names.contains(QLatin1String("db")) && !parser.value(QStringLiteral("db")).isEmpty()
        ? parser.value(QStringLiteral("db"))
        : !m_preferred.databasePath.isEmpty() ? m_preferred.databasePath
                                              : defaultDatabasePath();
    const std::pair<const char*, const char*> dirOptions[]
        = { { "claude", "claude-dir" }, { "codex", "codex-home" }, { "opencode", "opencode-dir" },
              { "openclaw", "openclaw-dir" }, { "gemini", "gemini-dir" } };
    for (const auto& [source, option] : dirOptions) {
        const QString name = QString::fromLatin1(option);
        if (names.contains(name))
            m_sources.roots.insert(QString::fromLatin1(source), parser.values(name));
    }
    m_sources.options.storeContent
        = !(names.contains(QLatin1String("no-content")) && parser.isSet(QStringLiteral("no-content")))
        && qEnvironmentVariable("AGENTMETER_NO_CONTENT") != QLatin1String("1");

    // The price book: the data fetched by `agentmeter prices update` when there is some (unless
    // --offline), else the embedded snapshot; then the user's overrides, which win.
    const bool offline = names.contains(QLatin1String("offline")) && parser.isSet(QStringLiteral("offline"));
    m_prices = std::make_shared<PriceBook>();
    QString priceError;
    QByteArray json;
    m_priceSource = QStringLiteral("embedded snapshot");
    QFile fetched(fetchedPricesPath());
    if (!offline && fetched.open(QIODevice::ReadOnly)) {
        json = fetched.readAll();
        if (m_prices->loadGenaiPrices(json, &priceError))
            m_priceSource = fetched.fileName();
        else
            json.clear(); // unusable: fall back to the embedded data, never to no prices
    }
    if (json.isEmpty()) {
        QFile data(QStringLiteral(":/prices/data_slim.json"));
        if (!data.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("the embedded price data is missing");
            return 1;
        }
        json = data.readAll();
        // Parsed when something is first priced: tst_pricebook checks that the embedded data loads.
        m_prices->loadGenaiPricesOnFirstUse(json);
    }
    QCryptographicHash fingerprint(QCryptographicHash::Sha1);
    fingerprint.addData(json);
    QString overrides = names.contains(QLatin1String("price-overrides"))
        ? parser.value(QStringLiteral("price-overrides"))
        : QString();
    // A file named on the command line is an argument (exit 2 when unusable); one from the environment
    // or the default location is configuration (exit 1).
    const bool fromOption = !overrides.isEmpty();
    const bool explicitOverrides = fromOption || !m_preferred.priceOverridesPath.isEmpty()
        || !qEnvironmentVariable("AGENTMETER_PRICE_OVERRIDES").isEmpty();
    if (overrides.isEmpty())
        overrides = m_preferred.priceOverridesPath;
    if (overrides.isEmpty())
        overrides = qEnvironmentVariable("AGENTMETER_PRICE_OVERRIDES");
    if (overrides.isEmpty())
        overrides = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
            + QLatin1String("/price-overrides.json");
    if (explicitOverrides || QFileInfo::exists(overrides)) {
        QFile file(overrides);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read price overrides %1: %2").arg(overrides, file.errorString());
            return fromOption ? 2 : 1;
        }
        const QByteArray overrideJson = file.readAll();
        if (!m_prices->loadOverrides(overrideJson, &priceError)) {
            *error = QStringLiteral("price overrides %1: %2").arg(overrides, priceError);
            return fromOption ? 2 : 1;
        }
        fingerprint.addData(overrideJson);
    }
    m_priceFingerprint = fingerprint.result().toHex();
    return 0;
}

namespace {
bool databaseHasSessions(const QString& path)
{
    if (!QFileInfo::exists(path))
        return false;
    try {
        Database database;
        database.open(path, Database::Mode::ReadOnly);
        SqliteStatement any = database.prepare("SELECT 1 FROM sessions LIMIT 1");
        return any.step();
    } catch (const StoreError&) {
        return false; // not our database, or an empty file: nothing to show
    }
}
} // namespace

bool CliContext::hasLogsOrSessions() const
{
    return SourceSet(m_sources).hasFiles() || databaseHasSessions(m_databasePath);
}

void CliContext::useDemoData(const QHash<QString, QString>& rootBySource, const QString& databasePath)
{
    // Only the generated sources, each from its own root, whatever the settings switched off.
    m_sources.disabled.clear();
    m_sources.only = rootBySource.keys();
    for (auto it = rootBySource.cbegin(); it != rootBySource.cend(); ++it)
        m_sources.roots.insert(it.key(), QStringList { it.value() });
    setDatabasePath(databasePath);
    m_demo = true;
}

int CliContext::useDemoDataUnlessLogs(bool force, QString* error)
{
    const SourceSet sources(m_sources);
    const bool haveLogs = sources.hasFiles();
    if (!force && (haveLogs || databaseHasSessions(m_databasePath)))
        return 0;
    if (!haveLogs)
        out() << QStringLiteral("No agent logs found in: %1\n")
                     .arg(sources.rootsLookedIn().join(QStringLiteral(", ")));
    const DemoCorpus demo(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    const DemoCorpus::Result corpus = demo.ensure(QDateTime::currentDateTimeUtc());
    if (!corpus.error.isEmpty()) {
        *error = corpus.error;
        return 1;
    }
    out() << QStringLiteral("DEMO DATA: showing generated logs from %1 (database %2)\n\n")
                 .arg(demo.directory(), corpus.databasePath)
          << Qt::flush;
    useDemoData(corpus.rootBySource, corpus.databasePath);
    return 0;
}

IngestStats CliContext::ingest(bool showProgress, bool dryRun)
{
    const SourceSet sources(m_sources);
    if (dryRun)
        return IngestEngine().dryRun(sources.adapters());

    // Usually nothing else reads the store while this process loads it, and reports need none of the
    // query-only indexes: they are left to `serve` and the window (StoreWriter::Role).
    StoreWriterThread writer(m_databasePath, m_prices, StoreWriter::Role::CommandLine);
    const QByteArray fingerprint = m_priceFingerprint;
    const qint64 repriced
        = writer.call([fingerprint](StoreWriter& w) { return w.ensurePricedWith(fingerprint); });
    if (repriced > 0 && showProgress)
        err() << QStringLiteral("Re-priced %1 stored requests with the current price book.\n").arg(repriced)
              << Qt::flush;

    IngestEngine engine;
    const bool terminal = showProgress && ::isatty(STDERR_FILENO);
    if (terminal) {
        engine.setProgressCallback([](const IngestEngine::Progress& progress) {
            const int percent
                = progress.bytesTotal > 0 ? int(progress.bytesDone * 100 / progress.bytesTotal) : 100;
            err() << QStringLiteral("\rIngesting: %1% (%2/%3 files, %4 MB)   ")
                         .arg(percent)
                         .arg(progress.filesDone)
                         .arg(progress.filesTotal)
                         .arg(progress.bytesDone / 1000000)
                  << Qt::flush;
        });
    }
    const IngestStats stats = engine.run(sources.adapters(), writer);
    if (terminal)
        err() << QStringLiteral("\r%1\r").arg(QString(60, QLatin1Char(' '))) << Qt::flush;
    return stats;
}
