// SPDX-License-Identifier: MIT
#include "tokenreport.h"

#include "agentstyle.h"
#include "apijson.h"
#include "store/database.h"
#include "store/usagerollup.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <QHash>
#include <QJsonArray>
#include <vector>

namespace {

constexpr const char* kTokensIn
    = "(input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens)";
constexpr const char* kTokensOut = "(output_tokens + reasoning_tokens)";

// Dollars to the micro-dollar: sums of many float costs otherwise print as 0.010470000000000001.
double money(double dollars)
{
    return std::round(dollars * 1e6) / 1e6;
}

struct Usage
{
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    double cost = 0;
    qint64 tokens() const { return tokensIn + tokensOut; }
    void add(qint64 in, qint64 out, double dollars)
    {
        tokensIn += in;
        tokensOut += out;
        cost += dollars;
    }
};

struct Agent
{
    QString source;
    QString agent;
    QString name;
    Usage usage;
    qint64 sessions = 0;
    bool subAgent = false;
};

struct SessionRow
{
    qint64 id = 0;
    qint64 lastTs = 0;
    QString agentKey;
    Usage usage;
};

QString agentKey(qint64 sourceId, QStringView agent)
{
    return QString::number(sourceId) + QLatin1Char('/') + agent;
}

// Every agent is named "<agent id> (<source>)": the same id ("main", "explore") exists in several
// sources, and names are the keys of dailyUsage's per-agent split.
QString agentName(const QString& source, const QString& agent)
{
    return QStringLiteral("%1 (%2)").arg(agent, AgentStyle::sourceTitle(source));
}

} // namespace

const QStringList& TokenReport::periods()
{
    static const QStringList list
        = { QStringLiteral("all"), QStringLiteral("today"), QStringLiteral("week"), QStringLiteral("month") };
    return list;
}

QJsonObject TokenReport::build(
    Database& db, const QDateTime& now, const QTimeZone& timeZone, const QString& period)
{
    const QDate today = now.toTimeZone(timeZone).date();
    const auto dayStartMs = [&timeZone](const QDate& date) {
        return QDateTime(date, QTime(0, 0), timeZone).toMSecsSinceEpoch();
    };
    // Local days start on 15-minute bucket boundaries (every UTC offset in use is a multiple of 15
    // minutes), so windows are whole buckets.
    const auto bucketOf = [](qint64 ms) { return ms / UsageRollup::kBucketMs; };
    std::optional<qint64> periodStartMs;
    if (period == QLatin1String("today"))
        periodStartMs = dayStartMs(today);
    else if (period == QLatin1String("week"))
        periodStartMs = dayStartMs(today.addDays(-6));
    else if (period == QLatin1String("month"))
        periodStartMs = dayStartMs(today.addDays(-(kDailyDays - 1)));

    QHash<qint64, QString> sources;
    {
        SqliteStatement statement = db.prepare("SELECT id, name FROM sources");
        while (statement.step())
            sources.insert(statement.int64(0), statement.text(1));
    }

    // 1. Per session over the period: the rollup summed in its primary-key order, one sessions lookup
    // per session. Agents, totals and the recent sessions all come from these rows.
    QHash<QString, Agent> agents;
    std::vector<SessionRow> sessions;
    Usage total;
    {
        SqliteStatement statement = db.prepare(std::string("WITH t AS (SELECT session_id, SUM(") + kTokensIn
            + ") AS tin, SUM(" + kTokensOut + ") AS tout, SUM(auto_cost) AS cost FROM usage_rollup"
            + (periodStartMs ? " WHERE bucket >= ?" : "")
            + " GROUP BY session_id) "
              "SELECT t.session_id, s.source_id, COALESCE(s.agent, 'main'), s.parent_id IS NOT NULL, "
              "COALESCE(s.last_ts, 0), t.tin, t.tout, t.cost FROM t JOIN sessions s ON s.id = t.session_id");
        if (periodStartMs)
            statement.bind(1, bucketOf(*periodStartMs));
        while (statement.step()) {
            SessionRow row;
            row.id = statement.int64(0);
            const qint64 sourceId = statement.int64(1);
            const std::string_view agentId = statement.view(2);
            row.agentKey = agentKey(sourceId, QString::fromUtf8(agentId.data(), qsizetype(agentId.size())));
            row.lastTs = statement.int64(4);
            row.usage.add(statement.int64(5), statement.int64(6), statement.real(7));
            auto it = agents.find(row.agentKey);
            if (it == agents.end()) {
                Agent agent;
                agent.source = sources.value(sourceId);
                agent.agent = QString::fromUtf8(agentId.data(), qsizetype(agentId.size()));
                agent.name = agentName(agent.source, agent.agent);
                it = agents.insert(row.agentKey, agent);
            }
            it->usage.add(row.usage.tokensIn, row.usage.tokensOut, row.usage.cost);
            ++it->sessions;
            it->subAgent = it->subAgent || statement.int64(3) != 0;
            total.add(row.usage.tokensIn, row.usage.tokensOut, row.usage.cost);
            sessions.push_back(std::move(row));
        }
    }

    QList<Agent> agentList = agents.values();
    std::sort(agentList.begin(), agentList.end(), [](const Agent& a, const Agent& b) {
        return a.usage.tokens() != b.usage.tokens() ? a.usage.tokens() > b.usage.tokens() : a.name < b.name;
    });
    QJsonArray agentArray;
    for (const Agent& agent : std::as_const(agentList)) {
        const AgentStyle style = AgentStyle::of(agent.source, agent.agent, agent.name, agent.subAgent);
        agentArray.append(QJsonObject {
            { QStringLiteral("name"), agent.name },
            { QStringLiteral("emoji"), style.emoji },
            { QStringLiteral("role"), style.role },
            { QStringLiteral("tokens"), agent.usage.tokens() },
            { QStringLiteral("tokensIn"), agent.usage.tokensIn },
            { QStringLiteral("tokensOut"), agent.usage.tokensOut },
            { QStringLiteral("cost"), money(agent.usage.cost) },
            { QStringLiteral("color"), style.color },
            { QStringLiteral("sessions"), agent.sessions },
            { QStringLiteral("agent"), agent.agent },
            { QStringLiteral("source"), agent.source },
        });
    }

    // 2. The last 30 local days by bucket and agent; the day of a bucket is found among the 31 day
    // boundaries (a day is 23 or 25 hours long across a daylight-saving change).
    const QDate firstDay = today.addDays(-(kDailyDays - 1));
    std::vector<qint64> boundaries; // bucket numbers of day starts, firstDay .. today + 1
    for (int i = 0; i <= kDailyDays; ++i)
        boundaries.push_back(bucketOf(dayStartMs(firstDay.addDays(i))));
    std::vector<Usage> days(kDailyDays);
    std::vector<QHash<QString, Usage>> dayAgents(kDailyDays);
    {
        SqliteStatement statement
            = db.prepare(std::string("SELECT r.bucket, s.source_id, COALESCE(s.agent, 'main'), SUM(")
                + kTokensIn + "), SUM(" + kTokensOut
                + "), SUM(r.auto_cost) FROM usage_rollup r JOIN sessions s ON s.id = r.session_id "
                  "WHERE r.bucket >= ? AND r.bucket < ? GROUP BY r.bucket, s.source_id, 3");
        statement.bind(1, boundaries.front());
        statement.bind(2, boundaries.back());
        while (statement.step()) {
            const qint64 bucket = statement.int64(0);
            const auto day
                = std::upper_bound(boundaries.begin(), boundaries.end(), bucket) - boundaries.begin() - 1;
            if (day < 0 || day >= kDailyDays)
                continue;
            const qint64 sourceId = statement.int64(1);
            const QString agent = statement.text(2);
            const qint64 in = statement.int64(3);
            const qint64 out = statement.int64(4);
            const double cost = statement.real(5);
            days[size_t(day)].add(in, out, cost);
            dayAgents[size_t(day)][agentName(sources.value(sourceId), agent)].add(in, out, cost);
        }
    }
    QJsonArray daily;
    for (int i = 0; i < kDailyDays; ++i) {
        QJsonObject split;
        for (auto it = dayAgents[size_t(i)].cbegin(); it != dayAgents[size_t(i)].cend(); ++it)
            split.insert(it.key(),
                QJsonObject { { QStringLiteral("tokens"), it->tokens() },
                    { QStringLiteral("cost"), money(it->cost) } });
        const Usage& usage = days[size_t(i)];
        daily.append(QJsonObject {
            { QStringLiteral("date"), firstDay.addDays(i).toString(Qt::ISODate) },
            { QStringLiteral("tokens"), usage.tokens() },
            { QStringLiteral("tokensIn"), usage.tokensIn },
            { QStringLiteral("tokensOut"), usage.tokensOut },
            { QStringLiteral("cost"), money(usage.cost) },
            { QStringLiteral("agents"), split },
        });
    }
    const Usage& todayUsage = days.back();

    // 3. The ten sessions of the period updated last.
    const size_t recentCount = qMin<size_t>(kRecentSessions, sessions.size());
    std::partial_sort(sessions.begin(), sessions.begin() + qsizetype(recentCount), sessions.end(),
        [](const SessionRow& a, const SessionRow& b) {
            return a.lastTs != b.lastTs ? a.lastTs > b.lastTs : a.id > b.id;
        });
    QJsonArray recent;
    SqliteStatement details = db.prepare("SELECT external_id, title FROM sessions WHERE id = ?");
    for (size_t i = 0; i < recentCount; ++i) {
        const SessionRow& row = sessions[i];
        details.reset();
        details.bind(1, row.id);
        if (!details.step())
            continue;
        recent.append(QJsonObject {
            { QStringLiteral("id"), details.text(0) },
            { QStringLiteral("title"), ApiJson::textOrNull(details, 1) },
            { QStringLiteral("agent"), agents.value(row.agentKey).name },
            { QStringLiteral("tokens"), row.usage.tokens() },
            { QStringLiteral("cost"), money(row.usage.cost) },
            { QStringLiteral("updated"),
                row.lastTs > 0 ? QJsonValue(ApiJson::isoTime(row.lastTs)) : QJsonValue() },
        });
    }

    return QJsonObject {
        { QStringLiteral("lastUpdated"), ApiJson::isoTime(now.toMSecsSinceEpoch()) },
        { QStringLiteral("totalTokens"), total.tokens() },
        { QStringLiteral("totalCost"), money(total.cost) },
        { QStringLiteral("period"), period },
        { QStringLiteral("agents"), agentArray },
        { QStringLiteral("summary"),
            QJsonObject { { QStringLiteral("today"),
                QJsonObject { { QStringLiteral("cost"), money(todayUsage.cost) },
                    { QStringLiteral("tokens"), todayUsage.tokens() } } } } },
        { QStringLiteral("dailyUsage"), daily },
        { QStringLiteral("recentSessions"), recent },
        { QStringLiteral("meta"),
            QJsonObject {
                { QStringLiteral("sessionCount"), qint64(sessions.size()) },
                { QStringLiteral("agentCount"), agentArray.size() },
                { QStringLiteral("cached"), false },
                { QStringLiteral("cacheAgeSeconds"), 0 },
            } },
    };
}
