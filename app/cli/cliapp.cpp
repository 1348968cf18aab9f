// SPDX-License-Identifier: MIT
#include "cliapp.h"

#include "clicontext.h"
#include "demo/corpusgenerators.h"
#include "ingest/sourceset.h"
#include "networkmodule.h"
#include "pricefetcher.h"
#include "pricing/pricebook.h"
#include "reports/reportbuilder.h"
#include "reports/reportformatter.h"
#include "store/database.h"
#include "store/storeerror.h"

#include <cmath>
#include <optional>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimeZone>

namespace {

void printHelp(QCommandLineParser& parser, const QString& usage)
{
    QString help = parser.helpText();
    // QCommandLineParser names the binary only; show the subcommand too.
    const qsizetype end = help.indexOf(QLatin1Char('\n'));
    help.replace(0, end, QStringLiteral("Usage: agentmeter %1").arg(usage));
    out() << help << Qt::flush;
}

int badArgument(const QString& command, const QString& message)
{
    err() << QStringLiteral("agentmeter %1: %2\nTry 'agentmeter %1 --help'.\n").arg(command, message)
          << Qt::flush;
    return CliApp::BadArguments;
}

// Parses a subcommand's arguments. Returns an exit code when the command is already done: bad
// arguments (the reason printed) or --help (the help printed).
std::optional<int> parseOrHelp(
    QCommandLineParser& parser, const QStringList& arguments, const QString& command, const QString& usage)
{
    if (!parser.parse(arguments))
        return badArgument(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printHelp(parser, usage);
        return CliApp::Ok;
    }
    return std::nullopt;
}

// The exit for a failed CliContext::configure(): a usage error (2) or a runtime failure (1).
int configurationFailed(const QString& command, int code, const QString& message)
{
    if (code == CliApp::BadArguments)
        return badArgument(command, message);
    err() << QStringLiteral("agentmeter: %1\n").arg(message) << Qt::flush;
    return code;
}

QDate parseDate(const QString& text, bool* ok)
{
    QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        date = QDate::fromString(text, QStringLiteral("yyyyMMdd"));
    *ok = date.isValid();
    return date;
}

QString ingestSummary(const IngestStats& stats, bool dryRun = false)
{
    if (dryRun) {
        return QStringLiteral(
            "Dry run, nothing stored. Files: %1; lines: %2 parsed, %3 skipped as malformed; "
            "requests: %4 (after merging %5 streamed copies); %6 MB read\n")
            .arg(stats.filesRead)
            .arg(stats.linesParsed)
            .arg(stats.linesSkipped)
            .arg(stats.usageRecords)
            .arg(stats.duplicates)
            .arg(double(stats.bytesRead) / 1e6, 0, 'f', 1);
    }
    QStringList sources;
    for (auto it = stats.sources.cbegin(); it != stats.sources.cend(); ++it)
        sources
            << QStringLiteral("%1 (%2 files, %3 lines)").arg(it.key()).arg(it->files).arg(it->linesParsed);
    QString text = sources.isEmpty()
        ? QStringLiteral("Sources: none found\n")
        : QStringLiteral("Sources: %1\n").arg(sources.join(QStringLiteral(", ")));
    text += QStringLiteral("Files: %1 seen, %2 unchanged, %3 read (%4 re-read from the start)\n"
                           "Lines: %5 parsed, %6 skipped as malformed\n"
                           "Requests: %7 new, %8 updated, %9 duplicates dropped\n")
                .arg(stats.filesSeen)
                .arg(stats.filesUnchanged)
                .arg(stats.filesRead)
                .arg(stats.filesReset)
                .arg(stats.linesParsed)
                .arg(stats.linesSkipped)
                .arg(stats.usageInserted)
                .arg(stats.usageReplaced)
                .arg(stats.duplicates);
    text += QStringLiteral("Tool calls: %1 new; prompts: %2 new; errors and retries: %3 new; %4 MB read\n")
                .arg(stats.toolCalls)
                .arg(stats.prompts)
                .arg(stats.events)
                .arg(double(stats.bytesRead) / 1e6, 0, 'f', 1);
    for (const QString& error : stats.errors)
        text += QStringLiteral("warning: %1\n").arg(error);
    return text;
}

QJsonObject ingestJson(const IngestStats& stats)
{
    QJsonObject object;
    object.insert(QStringLiteral("filesSeen"), stats.filesSeen);
    object.insert(QStringLiteral("filesUnchanged"), stats.filesUnchanged);
    object.insert(QStringLiteral("filesRead"), stats.filesRead);
    object.insert(QStringLiteral("filesReset"), stats.filesReset);
    object.insert(QStringLiteral("filesFailed"), stats.filesFailed);
    object.insert(QStringLiteral("filesReadOnWriter"), stats.filesReadOnWriter);
    object.insert(QStringLiteral("bytesRead"), stats.bytesRead);
    object.insert(QStringLiteral("linesParsed"), stats.linesParsed);
    object.insert(QStringLiteral("linesSkipped"), stats.linesSkipped);
    object.insert(QStringLiteral("usageRecords"), stats.usageRecords);
    object.insert(QStringLiteral("usageInserted"), stats.usageInserted);
    object.insert(QStringLiteral("usageReplaced"), stats.usageReplaced);
    object.insert(QStringLiteral("duplicates"), stats.duplicates);
    object.insert(QStringLiteral("toolCalls"), stats.toolCalls);
    object.insert(QStringLiteral("prompts"), stats.prompts);
    object.insert(QStringLiteral("events"), stats.events);
    QJsonObject sources;
    for (auto it = stats.sources.cbegin(); it != stats.sources.cend(); ++it)
        sources.insert(it.key(),
            QJsonObject {
                { QStringLiteral("files"), it->files }, { QStringLiteral("linesParsed"), it->linesParsed } });
    object.insert(QStringLiteral("sources"), sources);
    object.insert(QStringLiteral("errors"), QJsonArray::fromStringList(stats.errors));
    return object;
}

} // namespace

int CliApp::printUsage(bool toError)
{
    const QString text = QStringLiteral(
        "Usage: agentmeter [command] [options]\n"
        "\n"
        "Shows where AI coding agents spend tokens, time and money, from the logs they write.\n"
        "\n"
        "Commands:\n"
        "  (none)          ingest the logs and print the daily report; with no logs, use demo data\n"
        "  ingest          read new log lines into the database and print what was read\n"
        "  report KIND     print a report: daily, weekly, monthly, session, blocks or agents\n"
        "  demo            write a generated Claude Code log corpus to a directory\n"
        "  prices [update] show the price data in use, or fetch the newest from upstream\n"
        "  serve           ingest, keep watching the logs, and serve the local REST + SSE API\n"
        "\n"
        "Run 'agentmeter <command> --help' for a command's options.\n");
    (toError ? err() : out()) << text << Qt::flush;
    return toError ? BadArguments : Ok;
}

int CliApp::run(const QStringList& arguments)
{
    const QString command = arguments.value(1);
    QStringList rest = arguments;
    if (!command.isEmpty() && !command.startsWith(QLatin1Char('-')))
        rest.removeAt(1);
    try {
        if (command.isEmpty() || command.startsWith(QLatin1Char('-'))) {
            if (command == QLatin1String("--help") || command == QLatin1String("-h"))
                return printUsage(false);
            if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
                out() << QStringLiteral("agentmeter %1\n").arg(QCoreApplication::applicationVersion())
                      << Qt::flush;
                return Ok;
            }
            return runDefault(arguments);
        }
        if (command == QLatin1String("ingest"))
            return runIngest(rest);
        if (command == QLatin1String("report"))
            return runReport(rest);
        if (command == QLatin1String("demo"))
            return runDemo(rest);
        if (command == QLatin1String("prices"))
            return runPrices(rest);
        if (command == QLatin1String("serve"))
            return NetworkModule::run("serve", rest);
        err() << QStringLiteral("agentmeter: unknown command '%1'\n").arg(command);
        return printUsage(true);
    } catch (const StoreError& error) {
        err() << QStringLiteral("agentmeter: %1\n").arg(error.message()) << Qt::flush;
        return Failed;
    } catch (const std::exception& error) {
        err() << QStringLiteral("agentmeter: %1\n").arg(QString::fromLocal8Bit(error.what())) << Qt::flush;
        return Failed;
    }
}

int CliApp::runIngest(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Read new lines of every agent log into the database."));
    parser.addHelpOption();
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print the counts as JSON.") });
    parser.addOption({ QStringLiteral("dry-run"),
        QStringLiteral("Parse every log file from its start and store nothing (a check that the "
                       "logs parse; the database is not opened).") });
    if (const std::optional<int> done
        = parseOrHelp(parser, arguments, QStringLiteral("ingest"), QStringLiteral("ingest [options]")))
        return *done;
    if (!parser.positionalArguments().isEmpty())
        return badArgument(QStringLiteral("ingest"),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    CliContext context;
    QString error;
    if (const int code = context.configure(parser, &error))
        return configurationFailed(QStringLiteral("ingest"), code, error);
    const IngestStats stats
        = context.ingest(!parser.isSet(QStringLiteral("json")), parser.isSet(QStringLiteral("dry-run")));
    if (parser.isSet(QStringLiteral("json")))
        out() << QJsonDocument(ingestJson(stats)).toJson(QJsonDocument::Indented) << Qt::flush;
    else
        out() << ingestSummary(stats, parser.isSet(QStringLiteral("dry-run"))) << Qt::flush;
    return Ok;
}

int CliApp::runReport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print token usage and cost grouped by day, week, month, session or 5-hour billing block.\n"
        "The logs are ingested first unless --no-ingest is given."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("kind"), QStringLiteral("daily, weekly, monthly, session, blocks or agents"));
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    parser.addOptions({
        { QStringLiteral("json"), QStringLiteral("Print JSON (field names as ccusage --json).") },
        { QStringLiteral("since"), QStringLiteral("First day included (YYYY-MM-DD or YYYYMMDD)."),
            QStringLiteral("date") },
        { QStringLiteral("until"), QStringLiteral("Last day included (YYYY-MM-DD or YYYYMMDD)."),
            QStringLiteral("date") },
        { QStringLiteral("timezone"),
            QStringLiteral("IANA time zone for days and weeks (default: the system zone)."),
            QStringLiteral("zone") },
        { QStringLiteral("breakdown"), QStringLiteral("One row per model under each period.") },
        { QStringLiteral("split-subagents"),
            QStringLiteral("session: each sub-agent session on its own row with its own usage (default: "
                           "folded into its root session).") },
        { QStringLiteral("source"),
            QStringLiteral("Only these sources (claude, codex, opencode, openclaw, gemini); "
                           "repeatable or comma-separated."),
            QStringLiteral("name") },
        { QStringLiteral("project"), QStringLiteral("Only this project (name or full path)."),
            QStringLiteral("project") },
        { QStringLiteral("mode"),
            QStringLiteral("Cost mode: auto (logged cost when present, else computed), "
                           "calculate (always computed), display (logged only)."),
            QStringLiteral("mode"), QStringLiteral("auto") },
        { QStringLiteral("order"),
            QStringLiteral("asc or desc: by date, or by cost for agents (default: asc; agents: desc, the "
                           "most expensive first)."),
            QStringLiteral("order") },
        { QStringLiteral("start-of-week"),
            QStringLiteral("First day of a week for 'weekly' (default: sunday)."), QStringLiteral("day"),
            QStringLiteral("sunday") },
        { QStringLiteral("offline"),
            QStringLiteral("Price with the embedded snapshot, ignoring data fetched by 'agentmeter prices "
                           "update' (a report itself never goes online).") },
        { QStringLiteral("no-ingest"),
            QStringLiteral("Report from the database as it is, without reading logs.") },
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments, QStringLiteral("report"),
            QStringLiteral("report <daily|weekly|monthly|session|blocks|agents> [options]")))
        return *done;
    const QString command = QStringLiteral("report");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return badArgument(command,
            positional.isEmpty() ? QStringLiteral("missing report kind")
                                 : QStringLiteral("too many arguments"));
    ReportOptions options;
    const QString kind = positional.first();
    if (kind == QLatin1String("daily"))
        options.kind = ReportOptions::Kind::Daily;
    else if (kind == QLatin1String("weekly"))
        options.kind = ReportOptions::Kind::Weekly;
    else if (kind == QLatin1String("monthly"))
        options.kind = ReportOptions::Kind::Monthly;
    else if (kind == QLatin1String("session"))
        options.kind = ReportOptions::Kind::Session;
    else if (kind == QLatin1String("blocks"))
        options.kind = ReportOptions::Kind::Blocks;
    else if (kind == QLatin1String("agents"))
        options.kind = ReportOptions::Kind::Agents;
    else
        return badArgument(command,
            QStringLiteral("unknown report kind '%1' (daily, weekly, monthly, session, blocks, agents)")
                .arg(kind));
    bool ok = true;
    if (parser.isSet(QStringLiteral("since"))) {
        options.since = parseDate(parser.value(QStringLiteral("since")), &ok);
        if (!ok)
            return badArgument(command,
                QStringLiteral("--since: not a date: '%1'").arg(parser.value(QStringLiteral("since"))));
    }
    if (parser.isSet(QStringLiteral("until"))) {
        options.until = parseDate(parser.value(QStringLiteral("until")), &ok);
        if (!ok)
            return badArgument(command,
                QStringLiteral("--until: not a date: '%1'").arg(parser.value(QStringLiteral("until"))));
    }
    if (options.since.isValid() && options.until.isValid() && options.since > options.until)
        return badArgument(command, QStringLiteral("--since is after --until"));
    if (parser.isSet(QStringLiteral("timezone"))) {
        const QByteArray zone = parser.value(QStringLiteral("timezone")).toUtf8();
        options.timeZone = QTimeZone(zone);
        if (!options.timeZone.isValid())
            return badArgument(
                command, QStringLiteral("--timezone: unknown time zone '%1'").arg(QString::fromUtf8(zone)));
    }
    const QString mode = parser.value(QStringLiteral("mode"));
    if (mode == QLatin1String("auto"))
        options.mode = ReportOptions::CostMode::Auto;
    else if (mode == QLatin1String("calculate"))
        options.mode = ReportOptions::CostMode::Calculate;
    else if (mode == QLatin1String("display"))
        options.mode = ReportOptions::CostMode::Display;
    else
        return badArgument(
            command, QStringLiteral("--mode: expected auto, calculate or display, got '%1'").arg(mode));
    QString order = parser.value(QStringLiteral("order"));
    if (order.isEmpty())
        order = options.kind == ReportOptions::Kind::Agents ? QStringLiteral("desc") : QStringLiteral("asc");
    if (order != QLatin1String("asc") && order != QLatin1String("desc"))
        return badArgument(command, QStringLiteral("--order: expected asc or desc, got '%1'").arg(order));
    options.ascending = order == QLatin1String("asc");
    const QStringList weekdays = { QStringLiteral("monday"), QStringLiteral("tuesday"),
        QStringLiteral("wednesday"), QStringLiteral("thursday"), QStringLiteral("friday"),
        QStringLiteral("saturday"), QStringLiteral("sunday") };
    const qsizetype weekday = weekdays.indexOf(parser.value(QStringLiteral("start-of-week")).toLower());
    if (weekday < 0)
        return badArgument(command,
            QStringLiteral("--start-of-week: expected a day name, got '%1'")
                .arg(parser.value(QStringLiteral("start-of-week"))));
    options.weekStart = Qt::DayOfWeek(weekday + 1);
    const QStringList knownSources = { QStringLiteral("claude"), QStringLiteral("codex"),
        QStringLiteral("opencode"), QStringLiteral("openclaw"), QStringLiteral("gemini") };
    for (const QString& value : parser.values(QStringLiteral("source"))) {
        for (const QString& source : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString name = source.trimmed().toLower();
            if (!knownSources.contains(name))
                return badArgument(command,
                    QStringLiteral("--source: unknown source '%1' (%2)")
                        .arg(name, knownSources.join(QStringLiteral(", "))));
            options.sources << name;
        }
    }
    options.project = parser.value(QStringLiteral("project"));
    options.breakdown = parser.isSet(QStringLiteral("breakdown"));
    options.splitSubagents = parser.isSet(QStringLiteral("split-subagents"));

    CliContext context;
    QString error;
    if (const int code = context.configure(parser, &error))
        return configurationFailed(command, code, error);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!parser.isSet(QStringLiteral("no-ingest"))) {
        const IngestStats stats = context.ingest(!json);
        for (const QString& warning : stats.errors)
            err() << QStringLiteral("warning: %1\n").arg(warning);
        if (stats.linesSkipped > 0 && !json)
            err() << QStringLiteral("note: %1 malformed log line(s) skipped; see 'agentmeter ingest'.\n")
                         .arg(stats.linesSkipped);
        err() << Qt::flush;
    }
    if (!QFileInfo::exists(context.databasePath()))
        return badArgument(command,
            QStringLiteral("no database at %1 (run 'agentmeter ingest' first)").arg(context.databasePath()));
    Database database;
    database.open(context.databasePath(), Database::Mode::ReadOnly);
    ReportBuilder builder(database);
    const Report report = builder.build(options);
    if (json)
        out() << ReportFormatter::toJsonText(report);
    else
        out() << ReportFormatter::toTable(report);
    out() << Qt::flush;
    if (!report.unpricedModels.isEmpty() && json)
        err() << QStringLiteral(
            "warning: no price for %1; their requests have no cost (listed in unpricedModels)\n")
                     .arg(report.unpricedModels.join(QStringLiteral(", ")))
              << Qt::flush;
    return Ok;
}

int CliApp::runDemo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a realistic, deterministic log corpus in one agent's on-disk format (projects, sessions "
        "over weeks, sub-agents, duplicates, tool calls). The directory is that agent's root: read it "
        "with --claude-dir, --codex-home, --opencode-dir, --openclaw-dir or --gemini-dir."));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("out"), QStringLiteral("Directory to write (required)."), QStringLiteral("dir") },
        { QStringLiteral("source"),
            QStringLiteral("Which agent's format: %1 (default claude).")
                .arg(CorpusGenerators::sources().join(QStringLiteral(", "))),
            QStringLiteral("name"), QStringLiteral("claude") },
        { QStringLiteral("size"), QStringLiteral("Approximate size, e.g. 20M, 100M, 1G (default 20M)."),
            QStringLiteral("size"), QStringLiteral("20M") },
        { QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("n"),
            QStringLiteral("1") },
        { QStringLiteral("end"), QStringLiteral("Activity ends at this UTC time, ISO 8601 (default: now)."),
            QStringLiteral("time") },
        { QStringLiteral("days"), QStringLiteral("Days of activity before --end (default 45)."),
            QStringLiteral("n"), QStringLiteral("45") },
    });
    const QString command = QStringLiteral("demo");
    if (const std::optional<int> done
        = parseOrHelp(parser, arguments, command, QStringLiteral("demo --out DIR [options]")))
        return *done;
    if (!parser.isSet(QStringLiteral("out")))
        return badArgument(command, QStringLiteral("--out is required"));
    const QString source = parser.value(QStringLiteral("source"));
    if (!CorpusGenerators::sources().contains(source))
        return badArgument(command,
            QStringLiteral("--source: no generator for '%1' (%2)")
                .arg(source, CorpusGenerators::sources().join(QStringLiteral(", "))));
    CorpusOptions options;
    options.outputDir = parser.value(QStringLiteral("out"));
    QString size = parser.value(QStringLiteral("size")).trimmed().toUpper();
    qint64 multiplier = 1;
    if (size.endsWith(QLatin1Char('K')))
        multiplier = 1000;
    else if (size.endsWith(QLatin1Char('M')))
        multiplier = 1000 * 1000;
    else if (size.endsWith(QLatin1Char('G')))
        multiplier = 1000 * 1000 * 1000;
    if (multiplier > 1)
        size.chop(1);
    bool ok = false;
    const double amount = size.toDouble(&ok);
    // Up to 100 GB: beyond that it is a typo, and a NaN or infinity is never a size.
    if (!ok || !std::isfinite(amount) || amount <= 0 || amount * double(multiplier) > 100e9)
        return badArgument(command, QStringLiteral("--size: expected a size like 20M or 1G (at most 100G)"));
    options.targetBytes = qint64(amount * double(multiplier));
    options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return badArgument(command, QStringLiteral("--seed: expected a whole number"));
    options.days = parser.value(QStringLiteral("days")).toInt(&ok);
    if (!ok || options.days < 1)
        return badArgument(command, QStringLiteral("--days: expected a positive whole number"));
    if (parser.isSet(QStringLiteral("end"))) {
        options.end = QDateTime::fromString(parser.value(QStringLiteral("end")), Qt::ISODate);
        if (!options.end.isValid())
            return badArgument(command, QStringLiteral("--end: not an ISO 8601 time"));
    } else {
        options.end = QDateTime::currentDateTimeUtc();
    }
    const CorpusSummary summary = CorpusGenerators::generate(source, options);
    out() << QStringLiteral(
        "Wrote %1 bytes in %2 files (%3 sessions, %4 sub-agent sessions, %5 billed requests) to %6\n")
                 .arg(summary.bytes)
                 .arg(summary.files)
                 .arg(summary.sessions)
                 .arg(summary.subagentSessions)
                 .arg(summary.usageRequests)
                 .arg(QDir(options.outputDir).absolutePath())
          << Qt::flush;
    return Ok;
}

int CliApp::runPrices(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show the price data in use, or with 'update' fetch the newest genai-prices data from "
        "upstream. Reports use the fetched data unless --offline is given; stored requests are "
        "re-priced on the next ingest."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("update"), QStringLiteral("Fetch the newest price data."));
    CliContext::addStoreOptions(parser);
    parser.addOptions({
        { QStringLiteral("url"),
            QStringLiteral("Where to fetch from (default: %1).").arg(PriceFetcher::defaultUrl().toString()),
            QStringLiteral("url") },
        { QStringLiteral("offline"), QStringLiteral("Show the embedded snapshot, ignoring fetched data.") },
    });
    const QString command = QStringLiteral("prices");
    if (const std::optional<int> done
        = parseOrHelp(parser, arguments, command, QStringLiteral("prices [update] [options]")))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && positional.first() != QLatin1String("update")))
        return badArgument(command, QStringLiteral("unexpected argument '%1'").arg(positional.last()));
    if (positional.isEmpty()) {
        if (parser.isSet(QStringLiteral("url")))
            return badArgument(command, QStringLiteral("--url goes with 'update'"));
        CliContext context;
        QString error;
        if (const int code = context.configure(parser, &error))
            return configurationFailed(command, code, error);
        out() << QStringLiteral("Price data: %1 (%2 providers, %3 models)\n")
                     .arg(context.priceSource())
                     .arg(context.prices()->providerCount())
                     .arg(context.prices()->modelCount())
              << Qt::flush;
        return Ok;
    }
    const QUrl url = parser.isSet(QStringLiteral("url"))
        ? QUrl(parser.value(QStringLiteral("url")), QUrl::StrictMode)
        : PriceFetcher::defaultUrl();
    if (!url.isValid() || url.scheme().isEmpty())
        return badArgument(
            command, QStringLiteral("--url: not a URL: '%1'").arg(parser.value(QStringLiteral("url"))));
    return NetworkModule::run("prices-update", { url.toString(QUrl::FullyEncoded) });
}

int CliApp::runDefault(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ingest the logs and show the daily report."));
    parser.addHelpOption();
    parser.addVersionOption();
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    parser.addOption(
        { QStringLiteral("demo"), QStringLiteral("Use generated demo logs even if real logs exist.") });
    if (!parser.parse(arguments))
        return badArgument(QString(), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printHelp(parser, QStringLiteral("[options]"));
        out() << QLatin1Char('\n');
        return printUsage(false);
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out() << QStringLiteral("agentmeter %1\n").arg(QCoreApplication::applicationVersion()) << Qt::flush;
        return Ok;
    }
    if (!parser.positionalArguments().isEmpty())
        return badArgument(
            QString(), QStringLiteral("unknown command '%1'").arg(parser.positionalArguments().first()));
    CliContext context;
    QString error;
    if (const int code = context.configure(parser, &error))
        return configurationFailed(QString(), code, error);

    if (const int code = context.useDemoDataUnlessLogs(parser.isSet(QStringLiteral("demo")), &error))
        return configurationFailed(QString(), code, error);
    const IngestStats stats = context.ingest(true);
    out() << ingestSummary(stats) << QLatin1Char('\n');
    Database database;
    database.open(context.databasePath(), Database::Mode::ReadOnly);
    ReportOptions options;
    options.since = QDate::currentDate().addDays(-29);
    ReportBuilder builder(database);
    out() << QStringLiteral("Daily usage, last 30 days (%1):\n").arg(QString::fromUtf8(options.timeZone.id()))
          << ReportFormatter::toTable(builder.build(options)) << Qt::flush;
    return Ok;
}
