// SPDX-License-Identifier: MIT
#include "reportbuilder.h"

#include "store/database.h"

#include <QDateTime>
#include <QHash>
#include <QMap>

#include <algorithm>

namespace {
constexpr qint64 kBucketMs = 15 * 60 * 1000; // every UTC offset in use is a multiple of 15 minutes
constexpr qint64 kBlockMs = 5 * 60 * 60 * 1000;
constexpr qint64 kHourMs = 60 * 60 * 1000;

QString costExpression(ReportOptions::CostMode mode)
{
    switch (mode) {
    case ReportOptions::CostMode::Calculate:
        return QStringLiteral("u.computed_cost");
    case ReportOptions::CostMode::Display:
        return QStringLiteral("COALESCE(u.logged_cost, 0)");
    case ReportOptions::CostMode::Auto:
        break;
    }
    return QStringLiteral("COALESCE(u.logged_cost, u.computed_cost)");
}

qint64 startOfDayMs(const QDate& date, const QTimeZone& zone)
{
    return QDateTime(date, QTime(0, 0), zone).toMSecsSinceEpoch();
}

// The WHERE clause and parameters shared by every report: time range, sources, project.
struct Filter
{
    QString joins;
    QString where;
    QList<QByteArray> texts;
    qint64 fromMs = std::numeric_limits<qint64>::min();
    qint64 toMs = std::numeric_limits<qint64>::max();

    explicit Filter(const ReportOptions& options)
    {
        if (options.since.isValid())
            fromMs = startOfDayMs(options.since, options.timeZone);
        if (options.until.isValid())
            toMs = startOfDayMs(options.until.addDays(1), options.timeZone);
        where = QStringLiteral(" WHERE u.ts >= ?1 AND u.ts < ?2");
        const bool needSession = !options.sources.isEmpty() || !options.project.isEmpty();
        if (needSession)
            joins += QStringLiteral(" JOIN sessions fs ON fs.id = u.session_id");
        int index = 3;
        if (!options.sources.isEmpty()) {
            joins += QStringLiteral(" JOIN sources fsrc ON fsrc.id = fs.source_id");
            QStringList marks;
            for (const QString& source : options.sources) {
                marks << QStringLiteral("?%1").arg(index++);
                texts << source.toUtf8();
            }
            where += QStringLiteral(" AND fsrc.name IN (%1)").arg(marks.join(QLatin1Char(',')));
        }
        if (!options.project.isEmpty()) {
            joins += QStringLiteral(" JOIN projects fp ON fp.id = fs.project_id");
            where += QStringLiteral(" AND (fp.name = ?%1 OR fp.path = ?%1)").arg(index++);
            texts << options.project.toUtf8();
        }
    }

    void bind(SqliteStatement& statement) const
    {
        statement.bind(1, fromMs);
        statement.bind(2, toMs);
        for (int i = 0; i < texts.size(); ++i)
            statement.bind(3 + i, texts.at(i));
    }
};

// Columns 0..8 of every aggregate query, in this order.
QString sumColumns(const QString& cost)
{
    return QStringLiteral("SUM(u.input_tokens), SUM(u.output_tokens), SUM(u.cache_read_tokens), "
                          "SUM(u.cache_write_5m_tokens), SUM(u.cache_write_1h_tokens), SUM(u.reasoning_tokens), "
                          "SUM(%1), SUM(CASE WHEN %1 IS NULL THEN 1 ELSE 0 END), COUNT(*)")
        .arg(cost);
}

UsageTotals readTotals(const SqliteStatement& q, int first)
{
    UsageTotals totals;
    totals.tokens.input = q.int64(first);
    totals.tokens.output = q.int64(first + 1);
    totals.tokens.cacheRead = q.int64(first + 2);
    totals.tokens.cacheWrite5m = q.int64(first + 3);
    totals.tokens.cacheWrite1h = q.int64(first + 4);
    totals.tokens.reasoning = q.int64(first + 5);
    totals.cost = q.real(first + 6);
    totals.unpricedRequests = q.int64(first + 7);
    totals.requests = q.int64(first + 8);
    return totals;
}

void addModel(ReportRow& row, const QString& model, const UsageTotals& totals)
{
    for (ModelTotals& existing : row.models) {
        if (existing.model == model) {
            existing.totals += totals;
            return;
        }
    }
    row.models.push_back({ model, totals });
}

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
{
}

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
    switch (options.kind) {
    case ReportOptions::Kind::Session:
        buildSessions(report);
        break;
    case ReportOptions::Kind::Blocks:
        buildBlocks(report);
        break;
    default:
        buildPeriods(report);
        break;
    }
    if (!options.ascending)
        std::reverse(report.rows.begin(), report.rows.end());
    for (const ReportRow& row : report.rows) {
        if (!row.isGap)
            report.totals += row.totals;
    }
    // Which models went unpriced, across the whole range.
    if (report.totals.unpricedRequests > 0 || options.mode == ReportOptions::CostMode::Calculate
        || options.mode == ReportOptions::CostMode::Auto) {
        const Filter filter(options);
        SqliteStatement q = m_db.prepare(
            QStringLiteral("SELECT DISTINCT COALESCE(u.model, '(no model)') FROM usage_records u%1%2 AND "
                           "%3 IS NULL ORDER BY 1")
                .arg(filter.joins, filter.where, costExpression(options.mode))
                .toStdString());
        filter.bind(q);
        while (q.step())
            report.unpricedModels << q.text(0);
    }
    return report;
}

void ReportBuilder::buildPeriods(Report& report)
{
    const ReportOptions& options = report.options;
    const Filter filter(options);
    SqliteStatement q = m_db.prepare(QStringLiteral("SELECT u.ts / %1, COALESCE(u.model, ''), %2 FROM usage_records u%3%4 "
                                                    "GROUP BY 1, 2")
                                         .arg(kBucketMs)
                                         .arg(sumColumns(costExpression(options.mode)), filter.joins, filter.where)
                                         .toStdString());
    filter.bind(q);
    QMap<QString, ReportRow> rows; // ordered by key: ISO dates sort chronologically
    QHash<qint64, QString> keyOfBucket;
    while (q.step()) {
        const qint64 bucket = q.int64(0);
        auto key = keyOfBucket.constFind(bucket);
        if (key == keyOfBucket.constEnd())
            key = keyOfBucket.insert(bucket, periodKey(bucket * kBucketMs, options));
        ReportRow& row = rows[*key];
        row.key = *key;
        const UsageTotals totals = readTotals(q, 2);
        row.totals += totals;
        addModel(row, q.text(1), totals);
    }
    for (ReportRow& row : rows) {
        sortModels(row);
        report.rows.push_back(std::move(row));
    }
}

void ReportBuilder::buildSessions(Report& report)
{
    const ReportOptions& options = report.options;
    const Filter filter(options);
    // Sub-agent sessions roll up into their root session (depth-limited against malformed cycles).
    const QString tree = QStringLiteral(
        "WITH RECURSIVE tree(id, root, depth) AS (SELECT id, id, 0 FROM sessions WHERE parent_id IS NULL "
        "UNION ALL SELECT s.id, t.root, t.depth + 1 FROM sessions s JOIN tree t ON s.parent_id = t.id "
        "WHERE t.depth < 32) ");
    SqliteStatement q = m_db.prepare(
        QString(tree
         + QStringLiteral("SELECT t.root, COALESCE(u.model, ''), %1, MIN(u.ts), MAX(u.ts) FROM usage_records u "
                          "JOIN tree t ON t.id = u.session_id%2%3 GROUP BY 1, 2")
               .arg(sumColumns(costExpression(options.mode)), filter.joins, filter.where))
            .toStdString());
    filter.bind(q);
    QHash<qint64, ReportRow> rows;
    while (q.step()) {
        ReportRow& row = rows[q.int64(0)];
        const UsageTotals totals = readTotals(q, 2);
        row.totals += totals;
        addModel(row, q.text(1), totals);
        const qint64 first = q.int64(11);
        const qint64 last = q.int64(12);
        if (row.firstMs == 0 || first < row.firstMs)
            row.firstMs = first;
        row.lastMs = std::max(row.lastMs, last);
    }
    SqliteStatement meta = m_db.prepare(
        QString(tree
         + QStringLiteral("SELECT s.external_id, COALESCE(s.title, ''), COALESCE(p.name, ''), COALESCE(p.path, ''), "
                          "src.name, (SELECT COUNT(*) FROM tree c WHERE c.root = s.id AND c.id != s.id) "
                          "FROM sessions s JOIN sources src ON src.id = s.source_id "
                          "LEFT JOIN projects p ON p.id = s.project_id WHERE s.id = ?1"))
            .toStdString());
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        meta.bind(1, it.key());
        if (meta.step()) {
            ReportRow& row = it.value();
            row.key = meta.text(0);
            row.title = meta.text(1);
            row.project = meta.text(2);
            row.projectPath = meta.text(3);
            row.source = meta.text(4);
            row.subagentSessions = int(meta.int64(5));
        }
        meta.reset();
        sortModels(it.value());
        report.rows.push_back(std::move(it.value()));
    }
    std::sort(report.rows.begin(), report.rows.end(), [](const ReportRow& a, const ReportRow& b) {
        return a.lastMs != b.lastMs ? a.lastMs < b.lastMs : a.key < b.key;
    });
}

void ReportBuilder::buildBlocks(Report& report)
{
    const ReportOptions& options = report.options;
    const Filter filter(options);
    const QString cost = costExpression(options.mode);
    SqliteStatement q = m_db.prepare(
        QStringLiteral("SELECT u.ts, COALESCE(u.model, ''), u.input_tokens, u.output_tokens, u.cache_read_tokens, "
                       "u.cache_write_5m_tokens, u.cache_write_1h_tokens, u.reasoning_tokens, %1 "
                       "FROM usage_records u%2%3 ORDER BY u.ts")
            .arg(cost, filter.joins, filter.where)
            .toStdString());
    filter.bind(q);
    const qint64 now = options.nowMs ? options.nowMs : QDateTime::currentMSecsSinceEpoch();
    ReportRow* block = nullptr;
    qint64 lastEntry = 0;
    auto finishBlock = [&]() {
        if (!block)
            return;
        ReportRow& row = *block;
        const qint64 activeMs = std::max<qint64>(lastEntry - row.firstMs, 60 * 1000);
        const double minutes = double(activeMs) / 60000.0;
        row.tokensPerMinute = double(row.totals.tokens.total()) / minutes;
        row.costPerHour = row.totals.cost / (minutes / 60.0);
        row.isActive = now < row.blockEndMs && now - lastEntry < kBlockMs;
        if (row.isActive) {
            row.remainingMinutes = (row.blockEndMs - now) / 60000;
            row.projectedTokens = row.totals.tokens.total() + qint64(row.tokensPerMinute * double(row.remainingMinutes));
            row.projectedCost = row.totals.cost + row.costPerHour * double(row.remainingMinutes) / 60.0;
        }
        sortModels(row);
    };
    while (q.step()) {
        const qint64 ts = q.int64(0);
        if (!block || ts >= block->blockEndMs || ts - lastEntry > kBlockMs) {
            finishBlock();
            if (block) {
                // A quiet stretch longer than a block is shown as a gap, as ccusage does.
                const qint64 gapStart = lastEntry;
                if (ts - gapStart > kBlockMs) {
                    ReportRow gap;
                    gap.isGap = true;
                    gap.blockStartMs = gapStart;
                    gap.blockEndMs = (ts / kHourMs) * kHourMs;
                    gap.key = QDateTime::fromMSecsSinceEpoch(gap.blockStartMs, options.timeZone).toString(Qt::ISODate);
                    report.rows.push_back(std::move(gap));
                }
            }
            ReportRow row;
            row.blockStartMs = (ts / kHourMs) * kHourMs;
            row.blockEndMs = row.blockStartMs + kBlockMs;
            row.firstMs = ts;
            row.key = QDateTime::fromMSecsSinceEpoch(row.blockStartMs, options.timeZone).toString(Qt::ISODate);
            report.rows.push_back(std::move(row));
            block = &report.rows.back();
        }
        UsageTotals totals;
        totals.tokens.input = q.int64(2);
        totals.tokens.output = q.int64(3);
        totals.tokens.cacheRead = q.int64(4);
        totals.tokens.cacheWrite5m = q.int64(5);
        totals.tokens.cacheWrite1h = q.int64(6);
        totals.tokens.reasoning = q.int64(7);
        totals.requests = 1;
        if (q.isNull(8))
            totals.unpricedRequests = 1;
        else
            totals.cost = q.real(8);
        block->totals += totals;
        addModel(*block, q.text(1), totals);
        block->lastMs = ts;
        lastEntry = ts;
    }
    finishBlock();
}
