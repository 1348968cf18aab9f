// SPDX-License-Identifier: MIT
#include "reportbuilder.h"

#include "costcolumns.h"
#include "store/database.h"
#include "store/tokencolumns.h"

#include <algorithm>
#include <limits>
#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSet>
#include <unordered_map>

namespace {
constexpr qint64 kBucketMs = 15 * 60 * 1000; // every UTC offset in use is a multiple of 15 minutes
constexpr qint64 kBlockMs = 5 * 60 * 60 * 1000;
constexpr qint64 kHourMs = 60 * 60 * 1000;

// a + b for the ends of periods. Ingest holds times to IsoTime's range (year 9999), but a store that an
// earlier version filled from damaged logs may hold any int64.
qint64 plusSaturated(qint64 a, qint64 b)
{
    qint64 sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<qint64>::max() : sum;
}

qint64 startOfDayMs(const QDate& date, const QTimeZone& zone)
{
    return QDateTime(date, QTime(0, 0), zone).toMSecsSinceEpoch();
}

// The WHERE clause and parameters shared by every report: time range and project (scan() applies the
// source filter itself). "u" is the table scanned (usage_records or a rollup); timeColumn its time,
// in units of timeUnitMs.
struct Filter
{
    QString joins;
    QString where;
    QList<QByteArray> texts;
    qint64 from = 0; // bounds in units of the time column
    qint64 to = 0;
    bool hasFrom = false;
    bool hasTo = false;

    Filter(const ReportOptions& options, const QString& timeColumn, qint64 timeUnitMs)
    {
        // Local midnights fall on bucket boundaries, so dividing is exact.
        if (options.since.isValid())
            from = startOfDayMs(options.since, options.timeZone) / timeUnitMs;
        if (options.until.isValid())
            to = startOfDayMs(options.until.addDays(1), options.timeZone) / timeUnitMs;
        // An open range gets no predicate at all, so that SQLite scans the table in order instead of
        // visiting every row through the time index.
        where = QStringLiteral(" WHERE 1");
        hasFrom = options.since.isValid();
        hasTo = options.until.isValid();
        if (hasFrom)
            where += QStringLiteral(" AND u.%1 >= ?1").arg(timeColumn);
        if (hasTo)
            where += QStringLiteral(" AND u.%1 < ?2").arg(timeColumn);
        if (!options.project.isEmpty()) {
            joins += QStringLiteral(
                " JOIN sessions fs ON fs.id = u.session_id JOIN projects fp ON fp.id = fs.project_id");
            where += QStringLiteral(" AND (fp.name = ?3 OR fp.path = ?3)");
            texts << options.project.toUtf8();
        }
    }

    void bind(SqliteStatement& statement) const
    {
        if (hasFrom)
            statement.bind(1, from);
        if (hasTo)
            statement.bind(2, to);
        for (int i = 0; i < texts.size(); ++i)
            statement.bind(3 + i, texts.at(i));
    }
};

void sortModels(ReportRow& row)
{
    std::sort(row.models.begin(), row.models.end(), [](const ModelTotals& a, const ModelTotals& b) {
        if (a.totals.cost != b.totals.cost)
            return a.totals.cost > b.totals.cost;
        return a.model < b.model;
    });
}
} // namespace

ReportBuilder::ReportBuilder(Database& database)
    : m_db(database)
{ }

QString ReportBuilder::periodKey(qint64 utcMs, const ReportOptions& options)
{
    const QDate date = QDateTime::fromMSecsSinceEpoch(utcMs, options.timeZone).date();
    switch (options.kind) {
    case ReportOptions::Kind::Weekly: {
        const int back = (date.dayOfWeek() - int(options.weekStart) + 7) % 7;
        return date.addDays(-back).toString(Qt::ISODate);
    }
    case ReportOptions::Kind::Monthly:
        return date.toString(QStringLiteral("yyyy-MM"));
    default:
        return date.toString(Qt::ISODate);
    }
}

Report ReportBuilder::build(const ReportOptions& options)
{
    Report report;
    report.options = options;
    m_models.clear();
    loadSources();
    const bool bySource = readsSourceRollup(options);
    if (!bySource)
        loadSessionFacts();
    switch (options.kind) {
    case ReportOptions::Kind::Session:
        buildSessions(report);
        break;
    case ReportOptions::Kind::Agents:
        buildAgents(report);
        break;
    case ReportOptions::Kind::Blocks:
        buildBlocks(report);
        break;
    default:
        buildPeriods(report, bySource ? Table::SourceRollup : Table::SessionRollup);
        break;
    }
    if (!options.ascending)
        std::reverse(report.rows.begin(), report.rows.end());
    for (const ReportRow& row : report.rows) {
        if (!row.isGap)
            report.totals += row.totals;
    }
    // Which models went unpriced, across the whole range: every row carries its per-model counts.
    for (const ReportRow& row : report.rows) {
        for (const ModelTotals& model : row.models) {
            const QString name = model.model.isEmpty() ? QStringLiteral("(no model)") : model.model;
            if (model.totals.unpricedRequests > 0 && !report.unpricedModels.contains(name))
                report.unpricedModels << name;
        }
    }
    report.unpricedModels.sort();
    for (qsizetype i = 1; i < m_sources.size(); ++i)
        if (m_detected.value(i))
            report.detectedSources << m_sources[i];
    return report;
}

void ReportBuilder::loadSources()
{
    m_sources = QStringList { QString() };
    SqliteStatement sources = m_db.prepare("SELECT id, name FROM sources ORDER BY id");
    while (sources.step()) {
        const qint64 id = sources.int64(0);
        while (m_sources.size() <= id)
            m_sources << QString();
        m_sources[qsizetype(id)] = sources.text(1);
    }
    m_sourceOf.clear();
    m_agentOf.clear();
    m_detected.clear();
}

void ReportBuilder::loadSessionFacts()
{
    SqliteStatement sessions = m_db.prepare("SELECT id, source_id, COALESCE(agent, 'main') FROM sessions");
    while (sessions.step()) {
        m_sourceOf.insert(sessions.int64(0), int(sessions.int64(1)));
        m_agentOf.insert(sessions.int64(0), sessions.text(2));
    }
}

bool ReportBuilder::readsSourceRollup(const ReportOptions& options)
{
    switch (options.kind) {
    case ReportOptions::Kind::Daily:
    case ReportOptions::Kind::Weekly:
    case ReportOptions::Kind::Monthly:
        break;
    case ReportOptions::Kind::Session:
    case ReportOptions::Kind::Blocks:
    case ReportOptions::Kind::Agents:
        return false; // rows per session or agent, or every request's own time
    }
    if (!options.project.isEmpty())
        return false; // a project is a session's
    SqliteStatement table
        = m_db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'source_rollup'");
    return table.step();
}

void ReportBuilder::scan(
    const ReportOptions& options, Table table, const std::function<void(const ScannedRecord&)>& visit)
{
    // One pass, aggregated in C++: a SQL GROUP BY over (bucket, model) sorts every row in a temporary
    // B-tree, which costs several times the scan itself. Periods and sessions read a rollup (one row
    // per session or source, 15 minutes and model); blocks need every request's own time.
    const bool records = table == Table::Records;
    const bool bySource = table == Table::SourceRollup;
    const Filter filter(
        options, records ? QStringLiteral("ts") : QStringLiteral("bucket"), records ? 1 : kBucketMs);
    QString columns;
    if (records) {
        const QString cost = QString::fromStdString(CostColumns::recordCost(options.mode, "u"));
        columns = QStringLiteral(
            "u.ts, u.session_id, u.model, u.input_tokens, u.output_tokens, u.cache_read_tokens, "
            "u.cache_write_5m_tokens, u.cache_write_1h_tokens, u.reasoning_tokens, 1, "
            "COALESCE(%1, 0), %1 IS NULL FROM usage_records u")
                      .arg(cost);
    } else {
        const QString costs = QString::fromStdString(CostColumns::rollupCost(options.mode, "u") + ", "
            + CostColumns::rollupUnpriced(options.mode, "u"));
        columns = QStringLiteral("u.bucket * %1, u.%2, u.model, u.input_tokens, u.output_tokens, "
                                 "u.cache_read_tokens, u.cache_write_5m_tokens, u.cache_write_1h_tokens, "
                                 "u.reasoning_tokens, u.requests, %3 FROM %4 u")
                      .arg(kBucketMs)
                      .arg(bySource ? QLatin1String("source_id") : QLatin1String("session_id"), costs,
                          bySource ? QLatin1String("source_rollup") : QLatin1String("usage_rollup"));
    }
    SqliteStatement q = m_db.prepare(
        QStringLiteral("SELECT %1%2%3").arg(columns, filter.joins, filter.where).toStdString());
    filter.bind(q);
    // The source filter is applied here, to the row's own source or its session's from the facts in
    // memory: joining every usage_rollup row to its session and source in SQL made a report on one
    // source of 23,000 sessions several times slower.
    QSet<int> sources;
    for (const QString& name : options.sources)
        if (const qsizetype id = m_sources.indexOf(name); id > 0)
            sources.insert(int(id));
    QHash<QByteArray, int> modelIndex;
    QByteArray lastModel;
    int lastIndex = -1;
    ScannedRecord record;
    while (q.step()) {
        record.ts = q.int64(0);
        record.sessionId = bySource ? 0 : q.int64(1);
        record.source = bySource ? int(q.int64(1)) : m_sourceOf.value(record.sessionId);
        const std::string_view model = q.view(2);
        if (lastIndex < 0 || model != std::string_view(lastModel.constData(), size_t(lastModel.size()))) {
            lastModel = QByteArray(model.data(), qsizetype(model.size()));
            auto it = modelIndex.constFind(lastModel);
            if (it == modelIndex.constEnd()) {
                it = modelIndex.insert(lastModel, int(m_models.size()));
                m_models << QString::fromUtf8(lastModel);
            }
            lastIndex = *it;
        }
        record.model = lastIndex;
        UsageTotals& totals = record.totals;
        totals.tokens = TokenColumns::read(q, 3);
        totals.requests = q.int64(9);
        totals.cost = q.real(10);
        totals.unpricedRequests = q.int64(11);
        if (!options.sources.isEmpty() && !sources.contains(record.source))
            continue;
        if (totals.requests > 0) { // a rollup row is never empty, but an empty one must not make a row
            m_detected[record.source] = true;
            visit(record);
        }
    }
}

namespace {
// A row's totals per model while scanning; turned into ReportRow::models at the end.
struct RowAccumulator
{
    UsageTotals totals;
    std::vector<UsageTotals> byModel; // indexed by model index

    void add(int model, const UsageTotals& t)
    {
        totals += t;
        if (size_t(model) >= byModel.size())
            byModel.resize(size_t(model) + 1);
        byModel[size_t(model)] += t;
    }
    void fill(ReportRow& row, const QStringList& models) const
    {
        row.totals = totals;
        for (size_t i = 0; i < byModel.size(); ++i)
            if (byModel[i].requests > 0)
                row.models.push_back({ models.at(qsizetype(i)), byModel[i] });
        sortModels(row);
    }
};
} // namespace

void ReportBuilder::buildPeriods(Report& report, Table table)
{
    const ReportOptions& options = report.options;
    // Keyed by (bucket, source): every row also shows each source's share, as ccusage's unified report.
    std::unordered_map<qint64, RowAccumulator> buckets;
    constexpr qint64 kSourceSlots = 64;
    scan(options, table, [&](const ScannedRecord& record) {
        buckets[(record.ts / kBucketMs) * kSourceSlots + record.source % kSourceSlots].add(
            record.model, record.totals);
    });
    // Each 15-minute UTC bucket lies wholly inside one local period.
    struct Period
    {
        RowAccumulator all;
        QMap<int, RowAccumulator> bySource;
    };
    QMap<QString, Period> periods; // ordered by key: ISO dates sort chronologically
    for (const auto& [key, accumulator] : buckets) {
        Period& period = periods[periodKey((key / kSourceSlots) * kBucketMs, options)];
        RowAccumulator& source = period.bySource[int(key % kSourceSlots)];
        for (size_t i = 0; i < accumulator.byModel.size(); ++i) {
            if (accumulator.byModel[i].requests > 0) {
                period.all.add(int(i), accumulator.byModel[i]);
                source.add(int(i), accumulator.byModel[i]);
            }
        }
    }
    for (auto it = periods.cbegin(); it != periods.cend(); ++it) {
        ReportRow row;
        row.key = it.key();
        it.value().all.fill(row, m_models);
        for (auto source = it.value().bySource.cbegin(); source != it.value().bySource.cend(); ++source) {
            ReportRow part;
            source.value().fill(part, m_models);
            row.sources.push_back({ m_sources.value(source.key()), part.totals, std::move(part.models) });
        }
        report.rows.push_back(std::move(row));
    }
}

void ReportBuilder::buildAgents(Report& report)
{
    const ReportOptions& options = report.options;
    struct Agent
    {
        RowAccumulator usage;
        QSet<qint64> sessions;
        qint64 first = 0;
        qint64 last = 0;
    };
    QMap<std::pair<int, QString>, Agent> agents; // (source id, agent)
    scan(options, Table::SessionRollup, [&](const ScannedRecord& record) {
        Agent& agent = agents[{ record.source, m_agentOf.value(record.sessionId) }];
        agent.usage.add(record.model, record.totals);
        agent.sessions.insert(record.sessionId);
        if (agent.first == 0 || record.ts < agent.first)
            agent.first = record.ts;
        agent.last = std::max(agent.last, plusSaturated(record.ts, kBucketMs));
    });
    for (auto it = agents.cbegin(); it != agents.cend(); ++it) {
        ReportRow row;
        row.source = m_sources.value(it.key().first);
        row.agent = it.key().second;
        row.key = row.source + QLatin1Char('/') + row.agent;
        row.sessions = int(it.value().sessions.size());
        row.firstMs = it.value().first;
        row.lastMs = it.value().last;
        it.value().usage.fill(row, m_models);
        report.rows.push_back(std::move(row));
    }
    // Cheapest first, as every report is in ascending order; --order desc (the CLI's default for
    // agents) reverses it to show the most expensive first.
    std::sort(report.rows.begin(), report.rows.end(), [](const ReportRow& a, const ReportRow& b) {
        return a.totals.cost != b.totals.cost ? a.totals.cost < b.totals.cost : a.key > b.key;
    });
}

void ReportBuilder::buildSessions(Report& report)
{
    const ReportOptions& options = report.options;
    // Sub-agent sessions roll up into their root session (depth-limited against malformed cycles).
    QHash<qint64, qint64> rootOf;
    QHash<qint64, int> descendants;
    QHash<qint64, std::pair<qint64, qint64>> activity; // root -> first and last activity of its tree
    QHash<qint64, qint64> parentOf;
    if (options.splitSubagents) {
        // Every session on its own row with its own usage; the row names its parent.
        SqliteStatement q = m_db.prepare(
            "SELECT id, COALESCE(parent_id, 0), COALESCE(first_ts, 0), COALESCE(last_ts, 0) FROM sessions");
        while (q.step()) {
            rootOf.insert(q.int64(0), q.int64(0));
            if (q.int64(1) != 0) {
                parentOf.insert(q.int64(0), q.int64(1));
                ++descendants[q.int64(1)];
            }
            activity.insert(q.int64(0), { q.int64(2), q.int64(3) });
        }
    } else {
        SqliteStatement q = m_db.prepare(
            "WITH RECURSIVE tree(id, root, depth) AS (SELECT id, id, 0 FROM sessions WHERE parent_id IS NULL "
            "UNION ALL SELECT s.id, t.root, t.depth + 1 FROM sessions s JOIN tree t ON s.parent_id = t.id "
            "WHERE t.depth < 32) SELECT t.id, t.root, COALESCE(s.first_ts, 0), COALESCE(s.last_ts, 0) "
            "FROM tree t JOIN sessions s ON s.id = t.id");
        while (q.step()) {
            const qint64 id = q.int64(0);
            const qint64 root = q.int64(1);
            rootOf.insert(id, root);
            if (id != root)
                ++descendants[root];
            auto& [first, last] = activity[root];
            if (q.int64(2) > 0 && (first == 0 || q.int64(2) < first))
                first = q.int64(2);
            last = std::max(last, q.int64(3));
        }
    }
    QHash<qint64, RowAccumulator> sessions;
    scan(options, Table::SessionRollup, [&](const ScannedRecord& record) {
        sessions[rootOf.value(record.sessionId, record.sessionId)].add(record.model, record.totals);
    });
    SqliteStatement meta = m_db.prepare(
        "SELECT s.external_id, COALESCE(s.title, ''), COALESCE(p.name, ''), COALESCE(p.path, ''), src.name "
        "FROM sessions s JOIN sources src ON src.id = s.source_id LEFT JOIN projects p ON p.id = "
        "s.project_id "
        "WHERE s.id = ?1");
    for (auto it = sessions.cbegin(); it != sessions.cend(); ++it) {
        ReportRow row;
        it.value().fill(row, m_models);
        row.firstMs = activity.value(it.key()).first;
        row.lastMs = activity.value(it.key()).second;
        row.subagentSessions = descendants.value(it.key());
        if (const qint64 parent = parentOf.value(it.key())) {
            meta.bind(1, parent);
            if (meta.step())
                row.parentKey = meta.text(0);
            meta.reset();
        }
        row.agent = m_agentOf.value(it.key());
        meta.bind(1, it.key());
        if (meta.step()) {
            row.key = meta.text(0);
            row.title = meta.text(1);
            row.project = meta.text(2);
            row.projectPath = meta.text(3);
            row.source = meta.text(4);
        }
        meta.reset();
        report.rows.push_back(std::move(row));
    }
    std::sort(report.rows.begin(), report.rows.end(), [](const ReportRow& a, const ReportRow& b) {
        return a.lastMs != b.lastMs ? a.lastMs < b.lastMs : a.key < b.key;
    });
}

void ReportBuilder::buildBlocks(Report& report)
{
    const ReportOptions& options = report.options;
    std::vector<ScannedRecord> records;
    scan(options, Table::Records, [&](const ScannedRecord& record) { records.push_back(record); });
    std::stable_sort(records.begin(), records.end(),
        [](const ScannedRecord& a, const ScannedRecord& b) { return a.ts < b.ts; });
    const qint64 now = options.nowMs ? options.nowMs : QDateTime::currentMSecsSinceEpoch();
    RowAccumulator current;
    auto finishBlock = [&]() {
        if (report.rows.empty() || report.rows.back().isGap)
            return;
        ReportRow& row = report.rows.back();
        current.fill(row, m_models);
        current = RowAccumulator();
        const qint64 activeMs = std::max<qint64>(row.lastMs - row.firstMs, 60 * 1000);
        const double minutes = double(activeMs) / 60000.0;
        row.tokensPerMinute = double(row.totals.tokens.total()) / minutes;
        row.costPerHour = row.totals.cost / (minutes / 60.0);
        row.isActive = now < row.blockEndMs && now - row.lastMs < kBlockMs;
        if (row.isActive) {
            row.remainingMinutes = (row.blockEndMs - now) / 60000;
            row.projectedTokens
                = row.totals.tokens.total() + qint64(row.tokensPerMinute * double(row.remainingMinutes));
            row.projectedCost = row.totals.cost + row.costPerHour * double(row.remainingMinutes) / 60.0;
        }
    };
    auto keyOf = [&options](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, options.timeZone).toString(Qt::ISODate);
    };
    qint64 lastEntry = 0;
    for (const ScannedRecord& record : records) {
        const qint64 ts = record.ts;
        const bool open = !report.rows.empty();
        if (!open || ts >= report.rows.back().blockEndMs || ts - lastEntry > kBlockMs) {
            finishBlock();
            // A quiet stretch longer than a block is shown as a gap, as ccusage does.
            if (open && ts - lastEntry > kBlockMs) {
                ReportRow gap;
                gap.isGap = true;
                gap.blockStartMs = lastEntry;
                gap.blockEndMs = (ts / kHourMs) * kHourMs;
                gap.key = keyOf(gap.blockStartMs);
                report.rows.push_back(std::move(gap));
            }
            ReportRow row;
            row.blockStartMs = (ts / kHourMs) * kHourMs;
            row.blockEndMs = plusSaturated(row.blockStartMs, kBlockMs);
            row.firstMs = ts;
            row.key = keyOf(row.blockStartMs);
            report.rows.push_back(std::move(row));
        }
        current.add(record.model, record.totals);
        report.rows.back().lastMs = ts;
        lastEntry = ts;
    }
    finishBlock();
}
