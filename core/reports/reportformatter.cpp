// SPDX-License-Identifier: MIT
#include "reportformatter.h"

#include <cmath>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

namespace {

// Costs are sums of doubles; rounding to a nano-dollar keeps JSON free of float noise without losing
// anything a bill shows.
double roundCost(double cost)
{
    return std::round(cost * 1e9) / 1e9;
}

QJsonObject tokenFields(const UsageTotals& totals)
{
    QJsonObject object;
    object.insert(QStringLiteral("inputTokens"), totals.tokens.input);
    object.insert(QStringLiteral("outputTokens"), totals.tokens.output);
    object.insert(QStringLiteral("cacheCreationTokens"), totals.tokens.cacheWrite());
    object.insert(QStringLiteral("cacheReadTokens"), totals.tokens.cacheRead);
    object.insert(QStringLiteral("cacheCreation5mTokens"), totals.tokens.cacheWrite5m);
    object.insert(QStringLiteral("cacheCreation1hTokens"), totals.tokens.cacheWrite1h);
    object.insert(QStringLiteral("reasoningTokens"), totals.tokens.reasoning);
    object.insert(QStringLiteral("totalTokens"), totals.tokens.total());
    object.insert(QStringLiteral("requests"), totals.requests);
    object.insert(QStringLiteral("unpricedRequests"), totals.unpricedRequests);
    return object;
}

QJsonArray modelBreakdowns(const std::vector<ModelTotals>& models)
{
    QJsonArray array;
    for (const ModelTotals& model : models) {
        QJsonObject object = tokenFields(model.totals);
        object.insert(QStringLiteral("modelName"), model.model);
        if (model.totals.unpricedRequests == model.totals.requests && model.totals.requests > 0)
            object.insert(QStringLiteral("cost"), QJsonValue::Null);
        else
            object.insert(QStringLiteral("cost"), roundCost(model.totals.cost));
        array.append(object);
    }
    return array;
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString number(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

QString money(const UsageTotals& totals)
{
    QString text = QStringLiteral("$%1").arg(totals.cost, 0, 'f', 2);
    if (totals.unpricedRequests > 0)
        text += QLatin1Char('*');
    return text;
}

// "claude-sonnet-4-5-20250929" -> "sonnet-4-5", as people say it.
QString shortModel(const QString& model)
{
    static const QRegularExpression dateSuffix(QStringLiteral("-\\d{8}$"));
    QString name = model;
    name.remove(dateSuffix);
    if (name.startsWith(QLatin1String("claude-")))
        name = name.mid(7);
    return name.isEmpty() ? QStringLiteral("(none)") : name;
}

QString modelList(const std::vector<ModelTotals>& models)
{
    QStringList names;
    for (const ModelTotals& model : models) {
        const QString name = shortModel(model.model);
        if (!names.contains(name))
            names << name;
    }
    return names.join(QStringLiteral(", "));
}

QString truncated(const QString& text, int width)
{
    QString single = text.simplified();
    return single.size() <= width ? single : single.left(width - 1) + QChar(0x2026);
}

// A plain-text table: first column left-aligned, the rest right-aligned unless marked left.
class TextTable
{
public:
    explicit TextTable(QStringList headers, QList<bool> leftAligned)
        : m_headers(std::move(headers))
        , m_left(std::move(leftAligned))
    { }
    void addRow(QStringList cells) { m_rows << cells; }
    void addSeparator() { m_rows << QStringList(); }

    QString render() const
    {
        QList<int> widths;
        for (const QString& header : m_headers)
            widths << int(header.size());
        for (const QStringList& row : m_rows)
            for (int i = 0; i < row.size() && i < widths.size(); ++i)
                widths[i] = std::max(widths[i], int(row[i].size()));
        QString out;
        auto line = [&](const QStringList& cells) {
            QStringList padded;
            for (int i = 0; i < widths.size(); ++i) {
                const QString cell = i < cells.size() ? cells[i] : QString();
                padded << (m_left.value(i, false) ? cell.leftJustified(widths[i])
                                                  : cell.rightJustified(widths[i]));
            }
            QString text = padded.join(QStringLiteral("  "));
            while (text.endsWith(QLatin1Char(' ')))
                text.chop(1);
            out += text + QLatin1Char('\n');
        };
        auto rule = [&]() {
            QStringList dashes;
            for (int width : widths)
                dashes << QString(width, QLatin1Char('-'));
            out += dashes.join(QStringLiteral("  ")) + QLatin1Char('\n');
        };
        line(m_headers);
        rule();
        for (const QStringList& row : m_rows) {
            if (row.isEmpty())
                rule();
            else
                line(row);
        }
        return out;
    }

private:
    QStringList m_headers;
    QList<bool> m_left;
    QList<QStringList> m_rows;
};

QStringList tokenCells(const UsageTotals& totals)
{
    return { number(totals.tokens.input), number(totals.tokens.output + totals.tokens.reasoning),
        number(totals.tokens.cacheWrite()), number(totals.tokens.cacheRead), number(totals.tokens.total()),
        money(totals) };
}

} // namespace

QJsonObject ReportFormatter::toJson(const Report& report)
{
    const ReportOptions& options = report.options;
    QJsonArray rows;
    for (const ReportRow& row : report.rows) {
        QJsonObject object = tokenFields(row.totals);
        object.insert(QStringLiteral("totalCost"), roundCost(row.totals.cost));
        object.insert(QStringLiteral("modelsUsed"), QJsonArray::fromStringList(row.modelNames()));
        if (options.breakdown || options.kind == ReportOptions::Kind::Session)
            object.insert(QStringLiteral("modelBreakdowns"), modelBreakdowns(row.models));
        if (!row.sources.empty()) {
            // Each source's share of the period, as ccusage's unified report ("agents" there).
            QJsonArray sources;
            for (const SourceTotals& source : row.sources) {
                QJsonObject part = tokenFields(source.totals);
                part.insert(QStringLiteral("source"), source.source);
                part.insert(QStringLiteral("totalCost"), roundCost(source.totals.cost));
                QStringList models;
                for (const ModelTotals& model : source.models)
                    models << model.model;
                part.insert(QStringLiteral("modelsUsed"), QJsonArray::fromStringList(models));
                if (options.breakdown)
                    part.insert(QStringLiteral("modelBreakdowns"), modelBreakdowns(source.models));
                sources.append(part);
            }
            object.insert(QStringLiteral("sources"), sources);
        }
        switch (options.kind) {
        case ReportOptions::Kind::Daily:
            object.insert(QStringLiteral("date"), row.key);
            break;
        case ReportOptions::Kind::Weekly:
            object.insert(QStringLiteral("week"), row.key);
            break;
        case ReportOptions::Kind::Monthly:
            object.insert(QStringLiteral("month"), row.key);
            break;
        case ReportOptions::Kind::Session:
            object.insert(QStringLiteral("sessionId"), row.key);
            object.insert(QStringLiteral("source"), row.source);
            object.insert(QStringLiteral("title"), row.title);
            object.insert(QStringLiteral("project"), row.project);
            object.insert(QStringLiteral("projectPath"), row.projectPath);
            object.insert(QStringLiteral("firstActivity"), isoUtc(row.firstMs));
            object.insert(QStringLiteral("lastActivity"), isoUtc(row.lastMs));
            object.insert(QStringLiteral("subagentSessions"), row.subagentSessions);
            object.insert(QStringLiteral("agent"), row.agent);
            if (options.splitSubagents)
                object.insert(QStringLiteral("parentSessionId"),
                    row.parentKey.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(row.parentKey));
            break;
        case ReportOptions::Kind::Agents:
            object.insert(QStringLiteral("source"), row.source);
            object.insert(QStringLiteral("agent"), row.agent);
            object.insert(QStringLiteral("sessions"), row.sessions);
            object.insert(QStringLiteral("firstActivity"), isoUtc(row.firstMs));
            object.insert(QStringLiteral("lastActivity"), isoUtc(row.lastMs));
            break;
        case ReportOptions::Kind::Blocks:
            object.insert(QStringLiteral("id"), isoUtc(row.blockStartMs));
            object.insert(QStringLiteral("startTime"), isoUtc(row.blockStartMs));
            object.insert(QStringLiteral("endTime"), isoUtc(row.blockEndMs));
            object.insert(QStringLiteral("isGap"), row.isGap);
            object.insert(QStringLiteral("isActive"), row.isActive);
            if (!row.isGap) {
                object.insert(QStringLiteral("actualEndTime"), isoUtc(row.lastMs));
                QJsonObject burn;
                burn.insert(QStringLiteral("tokensPerMinute"), std::round(row.tokensPerMinute * 100) / 100);
                burn.insert(QStringLiteral("costPerHour"), roundCost(row.costPerHour));
                object.insert(QStringLiteral("burnRate"), burn);
            }
            if (row.isActive) {
                QJsonObject projection;
                projection.insert(QStringLiteral("totalTokens"), row.projectedTokens);
                projection.insert(QStringLiteral("totalCost"), roundCost(row.projectedCost));
                projection.insert(QStringLiteral("remainingMinutes"), row.remainingMinutes);
                object.insert(QStringLiteral("projection"), projection);
            }
            break;
        }
        rows.append(object);
    }
    QJsonObject totals = tokenFields(report.totals);
    totals.insert(QStringLiteral("totalCost"), roundCost(report.totals.cost));

    QJsonObject root;
    const QString listName = options.kind == ReportOptions::Kind::Session
        ? QStringLiteral("sessions")
        : ReportOptions::kindName(options.kind);
    root.insert(listName, rows);
    root.insert(QStringLiteral("totals"), totals);
    QJsonObject meta;
    meta.insert(QStringLiteral("timezone"), QString::fromUtf8(options.timeZone.id()));
    meta.insert(QStringLiteral("mode"), ReportOptions::modeName(options.mode));
    meta.insert(QStringLiteral("since"),
        options.since.isValid() ? QJsonValue(options.since.toString(Qt::ISODate))
                                : QJsonValue(QJsonValue::Null));
    meta.insert(QStringLiteral("until"),
        options.until.isValid() ? QJsonValue(options.until.toString(Qt::ISODate))
                                : QJsonValue(QJsonValue::Null));
    meta.insert(QStringLiteral("sources"), QJsonArray::fromStringList(options.sources));
    meta.insert(QStringLiteral("detectedSources"), QJsonArray::fromStringList(report.detectedSources));
    root.insert(QStringLiteral("meta"), meta);
    root.insert(QStringLiteral("unpricedModels"), QJsonArray::fromStringList(report.unpricedModels));
    return root;
}

QByteArray ReportFormatter::toJsonText(const Report& report)
{
    return QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented);
}

QString ReportFormatter::toTable(const Report& report)
{
    const ReportOptions& options = report.options;
    QString out;
    if (options.kind == ReportOptions::Kind::Session) {
        TextTable table(
            { QStringLiteral("Session"), QStringLiteral("Project"), QStringLiteral("Title"),
                QStringLiteral("Models"), QStringLiteral("Input"), QStringLiteral("Output"),
                QStringLiteral("Cache Create"), QStringLiteral("Cache Read"), QStringLiteral("Total Tokens"),
                QStringLiteral("Cost (USD)"), QStringLiteral("Last Activity") },
            { true, true, true, true });
        for (const ReportRow& row : report.rows) {
            QString title = row.title;
            if (!row.parentKey.isEmpty())
                title = QStringLiteral("[%1 of %2] ").arg(row.agent, row.parentKey.left(8)) + title;
            else if (row.subagentSessions > 0)
                title += QStringLiteral(" (+%1 sub-agents)").arg(row.subagentSessions);
            // With several sources, the session id says which agent it came from.
            const QString id = report.detectedSources.size() > 1
                ? row.source + QLatin1Char(':') + row.key.left(8)
                : row.key.left(8);
            table.addRow(
                QStringList { id, truncated(row.project, 20), truncated(title, 40), modelList(row.models) }
                + tokenCells(row.totals)
                + QStringList { QDateTime::fromMSecsSinceEpoch(row.lastMs, options.timeZone)
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm")) });
            if (options.breakdown)
                for (const ModelTotals& model : row.models)
                    table.addRow(QStringList { QString(), QString(), QString(),
                                     QStringLiteral("  ") + shortModel(model.model) }
                        + tokenCells(model.totals));
        }
        table.addSeparator();
        table.addRow(QStringList { QStringLiteral("Total"), QString(), QString(), QString() }
            + tokenCells(report.totals));
        out = table.render();
    } else if (options.kind == ReportOptions::Kind::Agents) {
        TextTable table({ QStringLiteral("Source"), QStringLiteral("Agent"), QStringLiteral("Sessions"),
                            QStringLiteral("Models"), QStringLiteral("Input"), QStringLiteral("Output"),
                            QStringLiteral("Cache Create"), QStringLiteral("Cache Read"),
                            QStringLiteral("Total Tokens"), QStringLiteral("Cost (USD)") },
            { true, true, false, true });
        for (const ReportRow& row : report.rows) {
            table.addRow(QStringList { row.source, truncated(row.agent, 30), number(row.sessions),
                             modelList(row.models) }
                + tokenCells(row.totals));
            if (options.breakdown)
                for (const ModelTotals& model : row.models)
                    table.addRow(QStringList { QString(), QString(), QString(),
                                     QStringLiteral("  ") + shortModel(model.model) }
                        + tokenCells(model.totals));
        }
        table.addSeparator();
        table.addRow(QStringList { QStringLiteral("Total"), QString(), QString(), QString() }
            + tokenCells(report.totals));
        out = table.render();
    } else if (options.kind == ReportOptions::Kind::Blocks) {
        TextTable table({ QStringLiteral("Block Start"), QStringLiteral("Status"), QStringLiteral("Models"),
                            QStringLiteral("Tokens"), QStringLiteral("Cost (USD)"),
                            QStringLiteral("Burn ($/h)"), QStringLiteral("Projected") },
            { true, true, true });
        for (const ReportRow& row : report.rows) {
            const QString start = QDateTime::fromMSecsSinceEpoch(row.blockStartMs, options.timeZone)
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
            if (row.isGap) {
                const qint64 hours = (row.blockEndMs - row.blockStartMs) / (3600 * 1000);
                table.addRow({ start, QStringLiteral("gap (%1 h)").arg(hours) });
                continue;
            }
            const QString status = row.isActive
                ? QStringLiteral("ACTIVE, %1 min left").arg(row.remainingMinutes)
                : QStringLiteral("%1 min").arg((row.lastMs - row.firstMs) / 60000);
            table.addRow({ start, status, modelList(row.models), number(row.totals.tokens.total()),
                money(row.totals), QStringLiteral("$%1").arg(row.costPerHour, 0, 'f', 2),
                row.isActive ? QStringLiteral("$%1").arg(row.projectedCost, 0, 'f', 2) : QString() });
        }
        table.addSeparator();
        table.addRow({ QStringLiteral("Total"), QString(), QString(), number(report.totals.tokens.total()),
            money(report.totals) });
        out = table.render();
    } else {
        const QString first = options.kind == ReportOptions::Kind::Daily ? QStringLiteral("Date")
            : options.kind == ReportOptions::Kind::Weekly                ? QStringLiteral("Week")
                                                                         : QStringLiteral("Month");
        TextTable table({ first, QStringLiteral("Models"), QStringLiteral("Input"), QStringLiteral("Output"),
                            QStringLiteral("Cache Create"), QStringLiteral("Cache Read"),
                            QStringLiteral("Total Tokens"), QStringLiteral("Cost (USD)") },
            { true, true });
        // With more than one source, each period shows every source's share below its total.
        const bool perSource = report.detectedSources.size() > 1;
        for (const ReportRow& row : report.rows) {
            table.addRow(QStringList { row.key, perSource ? QStringLiteral("All") : modelList(row.models) }
                + tokenCells(row.totals));
            if (perSource) {
                for (const SourceTotals& source : row.sources) {
                    table.addRow(QStringList { QString(),
                                     QStringLiteral("- %1: %2").arg(source.source, modelList(source.models)) }
                        + tokenCells(source.totals));
                    if (options.breakdown)
                        for (const ModelTotals& model : source.models)
                            table.addRow(
                                QStringList { QString(), QStringLiteral("    ") + shortModel(model.model) }
                                + tokenCells(model.totals));
                }
            } else if (options.breakdown) {
                for (const ModelTotals& model : row.models)
                    table.addRow(QStringList { QString(), QStringLiteral("  ") + shortModel(model.model) }
                        + tokenCells(model.totals));
            }
        }
        table.addSeparator();
        table.addRow(QStringList { QStringLiteral("Total"), QString() } + tokenCells(report.totals));
        out = table.render();
    }
    if (!report.detectedSources.isEmpty())
        out.prepend(QStringLiteral("Sources: %1\n\n").arg(report.detectedSources.join(QStringLiteral(", "))));
    if (report.rows.empty())
        out += QStringLiteral("No usage in this range.\n");
    if (report.totals.unpricedRequests > 0 || !report.unpricedModels.isEmpty()) {
        out += QStringLiteral("\n* Costs exclude %1 unpriced request(s); no price is known for: %2\n")
                   .arg(report.totals.unpricedRequests)
                   .arg(report.unpricedModels.join(QStringLiteral(", ")));
    }
    return out;
}
