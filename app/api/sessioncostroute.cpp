// SPDX-License-Identifier: MIT
#include "sessioncostroute.h"

#include "apicontext.h"
#include "monitorsupport.h"
#include "pricing/pricebook.h"
#include "pricing/tokenrates.h"
#include "sessionroute.h"
#include "snapshots/sessionscope.h"
#include "store/database.h"
#include "store/tokencolumns.h"

#include <array>
#include <optional>
#include <QJsonArray>

namespace {

using MonitorSupport::usd;

// The buckets of the breakdown, in TokenCounts order.
using enum TokenRates::Bucket;

QJsonValue rateJson(const std::optional<double>& rate)
{
    return rate ? MonitorSupport::ratePer1k(*rate) : QJsonValue();
}

ApiResponse cost(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    const SessionScope& scope = request.scope;
    const PriceBook* book = request.context.config().prices.get();

    // Per model and provider (the provider decides the price entry, e.g. github-copilot); the stored
    // cost is the one every other route reports: logged by the agent when it did, else computed.
    SqliteStatement models = db.prepare(SessionScope::withCte(
        "SELECT COALESCE(u.model, ''), COALESCE(u.provider, ''), SUM(u.input_tokens), SUM(u.output_tokens), "
        "SUM(u.cache_read_tokens), SUM(u.cache_write_5m_tokens), SUM(u.cache_write_1h_tokens), "
        "SUM(u.reasoning_tokens), COUNT(*), COALESCE(SUM(COALESCE(u.logged_cost, u.computed_cost)), 0), "
        "SUM(COALESCE(u.logged_cost, u.computed_cost) IS NULL), MAX(u.ts), MAX(u.price_entry), "
        "COALESCE(SUM(u.logged_cost), 0), SUM(u.logged_cost IS NOT NULL) FROM usage_records u WHERE "
        "u.session_id IN (SELECT id FROM scope) GROUP BY 1, 2 ORDER BY 10 DESC, 1, 2"));
    scope.bind(models);

    std::array<qint64, BucketCount> tokens {};
    std::array<double, BucketCount> costs {};
    std::array<bool, BucketCount> priced {};
    double total = 0;
    double savings = 0;
    qint64 unpriced = 0;
    qint64 logged = 0;
    double loggedCost = 0;
    QJsonArray byModel;
    QJsonArray unpricedModels;
    QList<TokenRates> allRates;
    while (models.step()) {
        const QByteArray model = models.bytes(0);
        const QByteArray provider = models.bytes(1);
        const TokenCounts counts = TokenColumns::read(models, 2);
        const TokenRates rates = TokenRates::of(book, model, provider, models.int64(11));
        allRates.append(rates);
        double listCost = 0;
        QJsonObject rateObject;
        static const char* const kRateKeys[]
            = { "input", "output", "cache_read", "cache_write_5m", "cache_write_1h", "reasoning" };
        for (int bucket = 0; bucket < BucketCount; ++bucket) {
            const qint64 n = TokenRates::tokens(counts, bucket);
            tokens[bucket] += n;
            if (rates[bucket]) {
                const double c = n * *rates[bucket] / 1000.0;
                costs[bucket] += c;
                listCost += c;
                priced[bucket] = true;
            }
            rateObject.insert(QLatin1String(kRateKeys[bucket]), rateJson(rates[bucket]));
        }
        // The cache saved what its reads would have cost as fresh input, less what they did cost.
        savings += rates.cacheSavings(counts.cacheRead).value_or(0);
        total += models.real(9);
        unpriced += models.int64(10);
        loggedCost += models.real(13);
        logged += models.int64(14);
        const bool isPriced = rates[Input].has_value() || rates[Output].has_value();
        if (!isPriced)
            unpricedModels.append(QString::fromUtf8(model));
        QJsonObject entry = MonitorSupport::tokensJson(counts);
        entry.insert(QStringLiteral("model"), QString::fromUtf8(model));
        entry.insert(QStringLiteral("provider"),
            provider.isEmpty() ? QJsonValue() : QJsonValue(QString::fromUtf8(provider)));
        entry.insert(QStringLiteral("requests"), models.int64(8));
        entry.insert(QStringLiteral("cost_usd"), usd(models.real(9)));
        entry.insert(QStringLiteral("list_cost_usd"), isPriced ? usd(listCost) : QJsonValue());
        entry.insert(
            QStringLiteral("price_entry"), models.isNull(12) ? QJsonValue() : QJsonValue(models.text(12)));
        entry.insert(QStringLiteral("rate_per_1k"), rateObject);
        byModel.append(entry);
    }

    // A bucket's rate is its model's rate, or the token-weighted mean when several models share it.
    auto breakdownEntry = [&](std::initializer_list<int> buckets) {
        qint64 n = 0;
        double c = 0;
        bool anyPriced = false;
        for (int bucket : buckets) {
            n += tokens[bucket];
            c += costs[bucket];
            anyPriced = anyPriced || priced[bucket];
        }
        QJsonValue rate;
        if (n > 0 && anyPriced)
            rate = MonitorSupport::ratePer1k(c * 1000.0 / n);
        else if (allRates.size() == 1 && allRates.first()[*buckets.begin()])
            rate = MonitorSupport::ratePer1k(*allRates.first()[*buckets.begin()]);
        return QJsonObject { { QStringLiteral("tokens"), n }, { QStringLiteral("rate_per_1k"), rate },
            { QStringLiteral("cost_usd"), usd(c) } };
    };
    QJsonObject breakdown {
        { QStringLiteral("input"), breakdownEntry({ Input }) },
        { QStringLiteral("output"), breakdownEntry({ Output }) },
        { QStringLiteral("cache_read"), breakdownEntry({ CacheRead }) },
        { QStringLiteral("cache_write"), breakdownEntry({ CacheWrite5m, CacheWrite1h }) },
        { QStringLiteral("cache_write_5m"), breakdownEntry({ CacheWrite5m }) },
        { QStringLiteral("cache_write_1h"), breakdownEntry({ CacheWrite1h }) },
        { QStringLiteral("reasoning"), breakdownEntry({ Reasoning }) },
    };
    double breakdownTotal = 0;
    for (double c : costs)
        breakdownTotal += c;

    // By agent: a request's own agent where the source names one (OpenCode), else its session's.
    SqliteStatement agents = db.prepare(SessionScope::withCte(
        "SELECT COALESCE(u.agent, s.agent, 'main'), SUM(u.input_tokens + u.output_tokens + "
        "u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens + u.reasoning_tokens), "
        "COALESCE(SUM(COALESCE(u.logged_cost, u.computed_cost)), 0), COUNT(*), COUNT(DISTINCT u.session_id) "
        "FROM usage_records u JOIN sessions s ON s.id = u.session_id WHERE u.session_id IN (SELECT id FROM "
        "scope) GROUP BY 1 ORDER BY 3 DESC, 1"));
    scope.bind(agents);
    QJsonArray byAgent;
    while (agents.step())
        byAgent.append(QJsonObject { { QStringLiteral("agent"), agents.text(0) },
            { QStringLiteral("tokens"), agents.int64(1) },
            { QStringLiteral("estimated_cost_usd"), usd(agents.real(2)) },
            { QStringLiteral("requests"), agents.int64(3) },
            { QStringLiteral("sessions"), agents.int64(4) } });

    QJsonObject data = scope.identity();
    data.insert(QStringLiteral("total_cost_usd"), usd(total));
    data.insert(QStringLiteral("breakdown"), breakdown);
    data.insert(QStringLiteral("breakdown_total_usd"), usd(breakdownTotal));
    data.insert(QStringLiteral("by_model"), byModel);
    data.insert(QStringLiteral("by_agent"), byAgent);
    data.insert(QStringLiteral("cache_savings_usd"), usd(savings));
    data.insert(QStringLiteral("logged_cost_usd"), usd(loggedCost));
    data.insert(QStringLiteral("logged_requests"), logged);
    data.insert(QStringLiteral("unpriced_requests"), unpriced);
    data.insert(QStringLiteral("unpriced_models"), unpricedModels);
    return ApiResponse::ok(data);
}

} // namespace

void registerSessionCostRoute(ApiRouter& router)
{
    addSessionRoute(router, "cost", SessionRouteOptions {}, cost);
}
