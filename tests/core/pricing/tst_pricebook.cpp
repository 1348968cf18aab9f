// SPDX-License-Identifier: MIT
#include "pricing/pricebook.h"

#include <atomic>
#include <cmath>
#include <QDateTime>
#include <QFile>
#include <QtConcurrent/QtConcurrentMap>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>

// Expected costs are worked out by hand from the JSON numbers (resources/prices/data_slim.json
// or the inline documents below); the arithmetic is written next to each case.

using namespace Qt::StringLiterals;

namespace {
TokenCounts tokens(qint64 input, qint64 output, qint64 cacheRead = 0, qint64 cacheWrite5m = 0,
    qint64 cacheWrite1h = 0, qint64 reasoning = 0)
{
    TokenCounts counts;
    counts.input = input;
    counts.output = output;
    counts.cacheRead = cacheRead;
    counts.cacheWrite5m = cacheWrite5m;
    counts.cacheWrite1h = cacheWrite1h;
    counts.reasoning = reasoning;
    return counts;
}

qint64 utc(int year, int month, int day, int hour = 12, int minute = 0, int second = 0, int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC).toMSecsSinceEpoch();
}

const qint64 kSomeTime = utc(2025, 10, 1);

bool closeTo(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-12 + 1e-9 * std::abs(expected);
}

#define COMPARE_COST(quote, expected)                                                                        \
    do {                                                                                                     \
        const PriceQuote q_ = (quote);                                                                       \
        QVERIFY2(q_.cost.has_value(), "expected a priced quote");                                            \
        QVERIFY2(closeTo(*q_.cost, (expected)),                                                              \
            qPrintable(QStringLiteral("cost %1, expected %2")                                                \
                           .arg(*q_.cost, 0, 'g', 17)                                                        \
                           .arg((expected), 0, 'g', 17)));                                                   \
    } while (false)

// Every match rule, first match wins within a provider, provider found by model_match.
const QByteArray kMatchDoc = R"([
  {"id": "acme", "name": "Acme", "api_pattern": "x", "model_match": {"starts_with": "acme-"},
   "models": [
     {"id": "eq", "match": {"equals": "acme-eq"}, "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "sw", "match": {"starts_with": "acme-sw"}, "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "ew", "match": {"ends_with": "-ew"}, "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "ct", "match": {"contains": "-ct-"}, "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "rx", "match": {"regex": "^acme-rx-\\d{4}$"}, "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "rs", "match": {"regex": "srch\\d"}, "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "or", "match": {"or": [{"equals": "acme-or-a"}, {"equals": "ACME-OR-B"}]},
      "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "and", "match": {"and": [{"starts_with": "acme-and"}, {"or": [{"ends_with": "-pro"}, {"ends_with": "-max"}]}]},
      "prices": {"input_mtok": 1, "output_mtok": 2}},
     {"id": "future", "match": {"glob": "acme-*"}, "prices": {"input_mtok": 1, "output_mtok": 2}}
   ]}
])";

// Provider resolution: model_match order, provider_match, fallbacks (one step only).
const QByteArray kProviderDoc = R"([
  {"id": "alpha", "name": "Alpha", "api_pattern": "x", "model_match": {"contains": "shared"},
   "models": [
     {"id": "shared-a", "match": {"equals": "shared-a"}, "prices": {"input_mtok": 1, "output_mtok": 1}},
     {"id": "a-only", "match": {"equals": "a-only"}, "prices": {"input_mtok": 1, "output_mtok": 1}}
   ]},
  {"id": "beta", "name": "Beta", "api_pattern": "x", "model_match": {"contains": "shared"},
   "provider_match": {"contains": "bet"},
   "models": [
     {"id": "shared-b", "match": {"equals": "shared-b"}, "prices": {"input_mtok": 1, "output_mtok": 1}}
   ]},
  {"id": "gamma", "name": "Gamma", "api_pattern": "x", "fallback_model_providers": ["alpha", "nowhere"],
   "models": [
     {"id": "g-only", "match": {"equals": "g-only"}, "prices": {"input_mtok": 1, "output_mtok": 1}}
   ]},
  {"id": "delta", "name": "Delta", "api_pattern": "x", "fallback_model_providers": ["gamma"], "models": []}
])";

// Tiers out of order in the file, a wrapping time window, a window given with an offset, audio
// prices we do not bill, a model without input and output prices.
const QByteArray kPriceDoc = R"([
  {"id": "tiny", "name": "Tiny", "api_pattern": "x", "model_match": {"starts_with": "tiny-"},
   "models": [
     {"id": "tiny-tiered", "match": {"equals": "tiny-tiered"},
      "prices": {"input_mtok": {"base": 1, "tiers": [{"start": 1000, "price": 4}, {"start": 100, "price": 2}]},
                 "output_mtok": {"base": 10, "tiers": [{"start": 100, "price": 20}, {"start": 1000, "price": 40}]}}},
     {"id": "tiny-night", "match": {"equals": "tiny-night"},
      "prices": [{"prices": {"input_mtok": 1, "output_mtok": 1}},
                 {"constraint": {"start_time": "22:00:00Z", "end_time": "06:00:00Z"},
                  "prices": {"input_mtok": 0.5, "output_mtok": 0.5}}]},
     {"id": "tiny-offset", "match": {"equals": "tiny-offset"},
      "prices": [{"prices": {"input_mtok": 1, "output_mtok": 1}},
                 {"constraint": {"start_time": "08:00:00+08:00", "end_time": "10:00:00+08:00"},
                  "prices": {"input_mtok": 3, "output_mtok": 3}}]},
     {"id": "tiny-audio", "match": {"equals": "tiny-audio"},
      "prices": {"input_mtok": 1, "output_mtok": 2, "input_audio_mtok": {"base": 9, "tiers": []},
                 "output_audio_mtok": 9, "cache_audio_read_mtok": 9}},
     {"id": "tiny-voice", "match": {"equals": "tiny-voice"}, "prices": {"input_audio_mtok": 5}},
     {"id": "tiny-future", "match": {"equals": "tiny-future"},
      "prices": [{"prices": {"input_mtok": 1, "output_mtok": 1}},
                 {"constraint": {"region": "eu"}, "prices": {"input_mtok": 7, "output_mtok": 7}}]}
   ]}
])";

std::unique_ptr<PriceBook> bookFrom(const QByteArray& json)
{
    auto book = std::make_unique<PriceBook>();
    QString error;
    if (!book->loadGenaiPrices(json, &error))
        qFatal("test document does not load: %s", qPrintable(error));
    return book;
}
} // namespace

class TestPriceBook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchRules_data();
    void matchRules();
    void providerResolution_data();
    void providerResolution();
    void snapshotResolution_data();
    void snapshotResolution();
    void tiers_data();
    void tiers();
    void inlineTiersSortedAndOutputFollows();
    void datedPrices_data();
    void datedPrices();
    void timeOfDay_data();
    void timeOfDay();
    void wrappingAndOffsetWindows_data();
    void wrappingAndOffsetWindows();
    void realSnapshotCosts_data();
    void realSnapshotCosts();
    void fallbackPricesAndExtraRules();
    void unpriced();
    void zeroTokens();
    void unknownPriceKeysAndConstraints();
    void overrides();
    void overridePrecedence_data();
    void overridePrecedence();
    void overridesFile();
    void badOverrides_data();
    void badOverrides();
    void badGenaiPrices_data();
    void badGenaiPrices();
    void reloadClearsCache();
    void resolvedOnceAndItsGeneration();
    void embedded();
    void parsedOnFirstUse();
    void concurrentLookups();
};

void TestPriceBook::matchRules_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QString>("entry");

    QTest::newRow("equals") << QByteArray("acme-eq") << u"acme/eq"_s;
    QTest::newRow("equals, other case") << QByteArray("ACME-Eq") << u"acme/eq"_s;
    QTest::newRow("equals, surrounding blanks") << QByteArray("  acme-eq\n") << u"acme/eq"_s;
    QTest::newRow("equals is whole") << QByteArray("acme-eq-2") << QString();
    QTest::newRow("starts_with") << QByteArray("acme-sw-2025") << u"acme/sw"_s;
    QTest::newRow("starts_with is a prefix") << QByteArray("x-acme-sw") << QString();
    QTest::newRow("ends_with") << QByteArray("acme-foo-ew") << u"acme/ew"_s;
    QTest::newRow("ends_with is a suffix") << QByteArray("acme-ew-foo") << QString();
    QTest::newRow("contains") << QByteArray("acme-a-ct-b") << u"acme/ct"_s;
    QTest::newRow("regex") << QByteArray("acme-rx-2025") << u"acme/rx"_s;
    QTest::newRow("regex, lower-cased text") << QByteArray("ACME-RX-2025") << u"acme/rx"_s;
    QTest::newRow("regex anchors hold") << QByteArray("acme-rx-25") << QString();
    QTest::newRow("regex searches") << QByteArray("acme-v-srch9-beta") << u"acme/rs"_s;
    QTest::newRow("or, first") << QByteArray("acme-or-a") << u"acme/or"_s;
    QTest::newRow("or, second (clause upper-case)") << QByteArray("acme-or-b") << u"acme/or"_s;
    QTest::newRow("or, neither") << QByteArray("acme-or-c") << QString();
    QTest::newRow("and with nested or") << QByteArray("acme-and-x-max") << u"acme/and"_s;
    QTest::newRow("and, one side only") << QByteArray("acme-and-x") << QString();
    QTest::newRow("first model wins") << QByteArray("acme-sw-ew") << u"acme/sw"_s;
    QTest::newRow("unknown clause never matches") << QByteArray("acme-zzz") << QString();
}

void TestPriceBook::matchRules()
{
    QFETCH(QByteArray, model);
    QFETCH(QString, entry);
    const auto book = bookFrom(kMatchDoc);
    QCOMPARE(book->resolve(model), entry);
    const PriceQuote quote = book->price(model, {}, tokens(1'000'000, 1'000'000), kSomeTime);
    QCOMPARE(quote.entry, entry);
    QCOMPARE(quote.isPriced(), !entry.isEmpty());
    if (quote.isPriced())
        COMPARE_COST(quote, 3.0); // 1M * $1 + 1M * $2
}

void TestPriceBook::providerResolution_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QByteArray>("hint");
    QTest::addColumn<QString>("entry");

    QTest::newRow("model_match, first provider")
        << QByteArray("shared-a") << QByteArray() << u"alpha/shared-a"_s;
    // alpha's model_match comes first in the file, so the reference looks only in alpha.
    QTest::newRow("model_match, later provider not tried")
        << QByteArray("shared-b") << QByteArray() << QString();
    QTest::newRow("hint by id") << QByteArray("shared-b") << QByteArray("beta") << u"beta/shared-b"_s;
    QTest::newRow("hint lower-cased and trimmed")
        << QByteArray("shared-b") << QByteArray(" BETA ") << u"beta/shared-b"_s;
    QTest::newRow("hint by provider_match")
        << QByteArray("shared-b") << QByteArray("my-beta-proxy") << u"beta/shared-b"_s;
    QTest::newRow("hint, own model") << QByteArray("g-only") << QByteArray("gamma") << u"gamma/g-only"_s;
    QTest::newRow("hint, fallback provider")
        << QByteArray("a-only") << QByteArray("gamma") << u"alpha/a-only"_s;
    // delta -> gamma only: gamma's own fallback (alpha) is not followed, and no model_match fits.
    QTest::newRow("fallback is one step") << QByteArray("a-only") << QByteArray("delta") << QString();
    QTest::newRow("no hint, no model_match") << QByteArray("a-only") << QByteArray() << QString();
    QTest::newRow("unknown hint falls back to model_match")
        << QByteArray("shared-a") << QByteArray("nobody") << u"alpha/shared-a"_s;
    QTest::newRow("provider/model prefix")
        << QByteArray("beta/shared-b") << QByteArray() << u"beta/shared-b"_s;
    QTest::newRow("provider/model prefix with fallback")
        << QByteArray("gamma/a-only") << QByteArray() << u"alpha/a-only"_s;
    QTest::newRow("litellm prefix") << QByteArray("beta/shared-b") << QByteArray("litellm")
                                    << u"beta/shared-b"_s;
    QTest::newRow("unknown prefix") << QByteArray("nobody/a-only") << QByteArray() << QString();
}

void TestPriceBook::providerResolution()
{
    QFETCH(QByteArray, model);
    QFETCH(QByteArray, hint);
    QFETCH(QString, entry);
    const auto book = bookFrom(kProviderDoc);
    QCOMPARE(book->resolve(model, hint), entry);
    // Second lookup comes from the cache and must agree.
    QCOMPARE(book->resolve(model, hint), entry);
    QCOMPARE(book->price(model, hint, tokens(10, 10), kSomeTime).entry, entry);
}

void TestPriceBook::snapshotResolution_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QByteArray>("hint");
    QTest::addColumn<QString>("entry");

    QTest::newRow("claude dated id") << QByteArray("claude-sonnet-4-5-20250929") << QByteArray()
                                     << u"anthropic/claude-sonnet-4-5"_s;
    QTest::newRow("claude mixed case")
        << QByteArray("Claude-Sonnet-4-5-20250929") << QByteArray() << u"anthropic/claude-sonnet-4-5"_s;
    QTest::newRow("anthropic/ prefix") << QByteArray("anthropic/claude-sonnet-4-5-20250929") << QByteArray()
                                       << u"anthropic/claude-sonnet-4-5"_s;
    QTest::newRow("gpt-5 with hint") << QByteArray("gpt-5") << QByteArray("openai") << u"openai/gpt-5"_s;
    QTest::newRow("gpt-5 without hint") << QByteArray("gpt-5") << QByteArray() << u"openai/gpt-5"_s;
    QTest::newRow("openai/ prefix, litellm")
        << QByteArray("openai/gpt-5") << QByteArray("litellm") << u"openai/gpt-5"_s;
    // Azure has no gpt-5 of its own: fallback_model_providers ["openai", "anthropic"].
    QTest::newRow("azure falls back to openai")
        << QByteArray("gpt-5") << QByteArray("azure") << u"openai/gpt-5"_s;
    // "vertex" matches google's provider_match; google has no haiku 4.5, falls back to anthropic.
    QTest::newRow("vertex falls back to anthropic")
        << QByteArray("claude-haiku-4-5@20251001") << QByteArray("vertex") << u"anthropic/claude-haiku-4-5"_s;
    QTest::newRow("openrouter keeps its own names")
        << QByteArray("anthropic/claude-sonnet-4.5") << QByteArray("openrouter")
        << u"openrouter/anthropic/claude-sonnet-4.5"_s;
    // mistral's model_match is the regex "(?:mi|code|dev|magi|mini)stral", searched in the name.
    QTest::newRow("mistral regex model_match")
        << QByteArray("magistral-medium-2509") << QByteArray() << u"mistral/magistral-medium"_s;
    QTest::newRow("embedding needs its provider")
        << QByteArray("text-embedding-3-small") << QByteArray() << QString();
    QTest::newRow("embedding with hint")
        << QByteArray("text-embedding-3-small") << QByteArray("openai") << u"openai/text-embedding-3-small"_s;
}

void TestPriceBook::snapshotResolution()
{
    QFETCH(QByteArray, model);
    QFETCH(QByteArray, hint);
    QFETCH(QString, entry);
    QCOMPARE(PriceBook::embedded()->resolve(model, hint), entry);
}

void TestPriceBook::tiers_data()
{
    QTest::addColumn<TokenCounts>("counts");
    QTest::addColumn<double>("expected");

    // claude-sonnet-4-5: input {3, >200000: 6}, output {15, 22.5}, cache read {0.3, 0.6},
    // cache write {3.75, 7.5}; the tier is chosen by input + cache read + cache writes.
    QTest::newRow("below") << tokens(100'000, 1'000) << (100'000 * 3.0 + 1'000 * 15.0) / 1e6; // 0.315
    QTest::newRow("at the start pays base")
        << tokens(150'000, 1'000, 50'000) << (150'000 * 3.0 + 50'000 * 0.3 + 1'000 * 15.0) / 1e6; // 0.48
    QTest::newRow("one above, whole bucket moves")
        << tokens(150'001, 1'000, 50'000) << (150'001 * 6.0 + 50'000 * 0.6 + 1'000 * 22.5) / 1e6; // 0.952506
    QTest::newRow("crossed by cache writes")
        << tokens(10, 100, 0, 200'000) << (10 * 6.0 + 200'000 * 7.5 + 100 * 22.5) / 1e6; // 1.50231
    QTest::newRow("output does not count") << tokens(1'000, 500'000) << (1'000 * 3.0 + 500'000 * 15.0) / 1e6;
    QTest::newRow("1h writes at twice the tier input")
        << tokens(0, 0, 0, 0, 1'000'000) << 1'000'000 * (2 * 6.0) / 1e6; // 12
    QTest::newRow("1h writes at twice the base input")
        << tokens(0, 0, 0, 0, 100'000) << 100'000 * (2 * 3.0) / 1e6; // 0.6
}

void TestPriceBook::tiers()
{
    QFETCH(TokenCounts, counts);
    QFETCH(double, expected);
    const PriceQuote quote
        = PriceBook::embedded()->price("claude-sonnet-4-5-20250929", {}, counts, kSomeTime);
    COMPARE_COST(quote, expected);
    QCOMPARE(quote.entry, u"anthropic/claude-sonnet-4-5"_s);
}

void TestPriceBook::inlineTiersSortedAndOutputFollows()
{
    // Tiers listed 1000 then 100 in the file; sorted they are base 1 / >100: 2 / >1000: 4.
    const auto book = bookFrom(kPriceDoc);
    COMPARE_COST(book->price("tiny-tiered", {}, tokens(100, 1), kSomeTime), (100 * 1.0 + 1 * 10.0) / 1e6);
    COMPARE_COST(book->price("tiny-tiered", {}, tokens(101, 1), kSomeTime), (101 * 2.0 + 1 * 20.0) / 1e6);
    COMPARE_COST(book->price("tiny-tiered", {}, tokens(1'000, 1), kSomeTime), (1'000 * 2.0 + 1 * 20.0) / 1e6);
    COMPARE_COST(book->price("tiny-tiered", {}, tokens(1'001, 1), kSomeTime), (1'001 * 4.0 + 1 * 40.0) / 1e6);
}

void TestPriceBook::datedPrices_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<TokenCounts>("counts");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("entry");

    // claude-sonnet-5: {2, cache write 2.5, cache read 0.2, output 10}, from 2026-09-01 {3, 3.75, 0.3, 15}.
    QTest::newRow("sonnet-5 before") << QByteArray("claude-sonnet-5") << utc(2026, 8, 31, 23, 59, 59, 999)
                                     << tokens(1'000, 1'000) << (1'000 * 2.0 + 1'000 * 10.0) / 1e6 // 0.012
                                     << u"anthropic/claude-sonnet-5"_s;
    QTest::newRow("sonnet-5 on the day")
        << QByteArray("claude-sonnet-5") << utc(2026, 9, 1, 0, 0) << tokens(1'000, 1'000)
        << (1'000 * 3.0 + 1'000 * 15.0) / 1e6 // 0.018
        << u"anthropic/claude-sonnet-5@2026-09-01"_s;
    QTest::newRow("sonnet-5 later") << QByteArray("claude-sonnet-5-20260901") << utc(2027, 1, 1)
                                    << tokens(1'000, 1'000, 1'000, 1'000)
                                    << (1'000 * 3.0 + 1'000 * 15.0 + 1'000 * 0.3 + 1'000 * 3.75) / 1e6
                                    << u"anthropic/claude-sonnet-5@2026-09-01"_s;
    // claude-opus-4-6: tiered {5, >200000: 10; output 25, 37.5} until 2026-03-13, flat {5, 25} after.
    QTest::newRow("opus-4-6 long prompt before")
        << QByteArray("claude-opus-4-6") << utc(2026, 3, 12, 23, 59) << tokens(300'000, 1'000)
        << (300'000 * 10.0 + 1'000 * 37.5) / 1e6 // 3.0375
        << u"anthropic/claude-opus-4-6"_s;
    QTest::newRow("opus-4-6 long prompt after")
        << QByteArray("claude-opus-4-6") << utc(2026, 3, 13, 0, 0) << tokens(300'000, 1'000)
        << (300'000 * 5.0 + 1'000 * 25.0) / 1e6 // 1.525
        << u"anthropic/claude-opus-4-6@2026-03-13"_s;
    // o3: {10, cache read 0.5, output 40}, from 2025-06-10 {2, 0.5, 8}.
    QTest::newRow("o3 before") << QByteArray("o3") << utc(2025, 6, 9) << tokens(1'000'000, 1'000'000) << 50.0
                               << u"openai/o3"_s;
    QTest::newRow("o3 after") << QByteArray("o3") << utc(2025, 6, 10) << tokens(1'000'000, 1'000'000) << 10.0
                              << u"openai/o3@2025-06-10"_s;
}

void TestPriceBook::datedPrices()
{
    QFETCH(QByteArray, model);
    QFETCH(qint64, timestamp);
    QFETCH(TokenCounts, counts);
    QFETCH(double, expected);
    QFETCH(QString, entry);
    const PriceQuote quote = PriceBook::embedded()->price(model, {}, counts, timestamp);
    COMPARE_COST(quote, expected);
    QCOMPARE(quote.entry, entry);
}

void TestPriceBook::timeOfDay_data()
{
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("entry");

    // deepseek-chat: {0.135, cache read 0.035, output 0.55}; 00:30Z-16:30Z {0.27, 0.07, 1.1}.
    // Tokens: 1M input + 1M output + 1M cache read.
    const double offPeak = 0.135 + 0.55 + 0.035; // 0.72
    const double peak = 0.27 + 1.1 + 0.07; // 1.44
    const QString window = u"deepseek/deepseek-chat@00:30:00Z-16:30:00Z"_s;
    const QString plain = u"deepseek/deepseek-chat"_s;
    QTest::newRow("midday") << utc(2025, 10, 1, 12, 0) << peak << window;
    QTest::newRow("just before start") << utc(2025, 10, 1, 0, 29, 59, 999) << offPeak << plain;
    QTest::newRow("start is inclusive") << utc(2025, 10, 1, 0, 30) << peak << window;
    QTest::newRow("just before end") << utc(2025, 10, 1, 16, 29, 59, 999) << peak << window;
    QTest::newRow("end is exclusive") << utc(2025, 10, 1, 16, 30) << offPeak << plain;
    QTest::newRow("evening") << utc(2025, 10, 1, 20, 0) << offPeak << plain;
    QTest::newRow("before 1970") << utc(1969, 12, 31, 12, 0) << peak << window;
}

void TestPriceBook::timeOfDay()
{
    QFETCH(qint64, timestamp);
    QFETCH(double, expected);
    QFETCH(QString, entry);
    const PriceQuote quote = PriceBook::embedded()->price(
        "deepseek-chat", {}, tokens(1'000'000, 1'000'000, 1'000'000), timestamp);
    COMPARE_COST(quote, expected);
    QCOMPARE(quote.entry, entry);
}

void TestPriceBook::wrappingAndOffsetWindows_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<double>("expected"); // 1M input + 1M output

    // tiny-night: 1/1, from 22:00Z to 06:00Z (across midnight) 0.5/0.5.
    QTest::newRow("night, 23:00") << QByteArray("tiny-night") << utc(2025, 1, 1, 23, 0) << 1.0;
    QTest::newRow("night, 22:00") << QByteArray("tiny-night") << utc(2025, 1, 1, 22, 0) << 1.0;
    QTest::newRow("night, 05:59") << QByteArray("tiny-night") << utc(2025, 1, 1, 5, 59) << 1.0;
    QTest::newRow("night, 06:00") << QByteArray("tiny-night") << utc(2025, 1, 1, 6, 0) << 2.0;
    QTest::newRow("night, 21:59") << QByteArray("tiny-night") << utc(2025, 1, 1, 21, 59) << 2.0;
    // tiny-offset: 08:00+08:00-10:00+08:00 is 00:00Z-02:00Z at 3/3, else 1/1.
    QTest::newRow("offset, 01:00Z") << QByteArray("tiny-offset") << utc(2025, 1, 1, 1, 0) << 6.0;
    QTest::newRow("offset, 08:30Z") << QByteArray("tiny-offset") << utc(2025, 1, 1, 8, 30) << 2.0;
}

void TestPriceBook::wrappingAndOffsetWindows()
{
    QFETCH(QByteArray, model);
    QFETCH(qint64, timestamp);
    QFETCH(double, expected);
    const auto book = bookFrom(kPriceDoc);
    COMPARE_COST(book->price(model, {}, tokens(1'000'000, 1'000'000), timestamp), expected);
}

void TestPriceBook::realSnapshotCosts_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QByteArray>("hint");
    QTest::addColumn<TokenCounts>("counts");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("entry");

    // claude-sonnet-4-5 below the tier: 3 / 15 / cache read 0.3 / cache write 3.75.
    // 1000*3 + 500*15 + 20000*0.3 + 3000*3.75 = 3000 + 7500 + 6000 + 11250 = 27750 -> 0.02775
    QTest::newRow("sonnet-4-5") << QByteArray("claude-sonnet-4-5-20250929") << QByteArray()
                                << tokens(1'000, 500, 20'000, 3'000) << 0.02775
                                << u"anthropic/claude-sonnet-4-5"_s;
    // claude-haiku-4-5: 1 / 5 / 0.1 / 1.25.
    // 2000*1 + 1000*5 + 50000*0.1 + 10000*1.25 = 2000 + 5000 + 5000 + 12500 = 24500 -> 0.0245
    QTest::newRow("haiku-4-5") << QByteArray("claude-haiku-4-5-20251001") << QByteArray()
                               << tokens(2'000, 1'000, 50'000, 10'000) << 0.0245
                               << u"anthropic/claude-haiku-4-5"_s;
    // gpt-5: 1.25 / 10 / cache read 0.125; reasoning pays the output price.
    // 10000*1.25 + 90000*0.125 + (2000+3000)*10 = 12500 + 11250 + 50000 = 73750 -> 0.07375
    QTest::newRow("gpt-5") << QByteArray("gpt-5") << QByteArray("openai")
                           << tokens(10'000, 2'000, 90'000, 0, 0, 3'000) << 0.07375 << u"openai/gpt-5"_s;
    // Reasoning alone: 1M * 10 = 10.
    QTest::newRow("gpt-5 reasoning only") << QByteArray("gpt-5-codex") << QByteArray("openai")
                                          << tokens(0, 0, 0, 0, 0, 1'000'000) << 10.0 << u"openai/gpt-5"_s;
    // claude-opus-4-1: 15 / 75 / 1.5 / 18.75, 1h writes at 2 * 15 = 30.
    // 100*15 + 200*75 + 10000*1.5 + 1000*18.75 + 2000*30 = 1500 + 15000 + 15000 + 18750 + 60000
    //   = 110250 -> 0.11025
    QTest::newRow("opus-4-1") << QByteArray("claude-opus-4-1-20250805") << QByteArray()
                              << tokens(100, 200, 10'000, 1'000, 2'000) << 0.11025
                              << u"anthropic/claude-opus-4-1"_s;
    // claude-haiku-4-5 1h writes: 1M * (2 * 1) = 2.
    QTest::newRow("haiku-4-5 1h writes")
        << QByteArray("claude-haiku-4-5") << QByteArray() << tokens(0, 0, 0, 0, 1'000'000) << 2.0
        << u"anthropic/claude-haiku-4-5"_s;
    // perplexity sonar: 1 / 1 + 12 per thousand requests: 1000*1 + 1000*1 = 2000 -> 0.002 + 0.012.
    QTest::newRow("sonar request fee") << QByteArray("sonar") << QByteArray("perplexity")
                                       << tokens(1'000, 1'000) << 0.014 << u"perplexity/sonar"_s;
    // Input-only embedding model: 0.02 per million.
    QTest::newRow("embedding") << QByteArray("text-embedding-3-small") << QByteArray("openai")
                               << tokens(1'000'000, 0) << 0.02 << u"openai/text-embedding-3-small"_s;
}

void TestPriceBook::realSnapshotCosts()
{
    QFETCH(QByteArray, model);
    QFETCH(QByteArray, hint);
    QFETCH(TokenCounts, counts);
    QFETCH(double, expected);
    QFETCH(QString, entry);
    const PriceQuote quote = PriceBook::embedded()->price(model, hint, counts, kSomeTime);
    COMPARE_COST(quote, expected);
    QCOMPARE(quote.entry, entry);
}

void TestPriceBook::fallbackPricesAndExtraRules()
{
    const auto book = PriceBook::embedded();
    // gpt-5 has no cache_write_mtok: writes fall back to the input price 1.25.
    COMPARE_COST(book->price("gpt-5", "openai", tokens(0, 0, 0, 1'000'000), kSomeTime), 1.25);
    // deepseek-chat has no cache_write_mtok either (off-peak input 0.135).
    COMPARE_COST(book->price("deepseek-chat", {}, tokens(0, 0, 0, 1'000'000), utc(2025, 1, 1, 20, 0)), 0.135);
    // A model without cache_read_mtok: tiny-audio (input 1) reads at the input price.
    const auto tiny = bookFrom(kPriceDoc);
    COMPARE_COST(tiny->price("tiny-audio", {}, tokens(0, 0, 1'000'000), kSomeTime), 1.0);
}

void TestPriceBook::unpriced()
{
    const auto book = PriceBook::embedded();
    const PriceQuote quote = book->price("totally-unknown-model", {}, tokens(1'000, 1'000), kSomeTime);
    QVERIFY(!quote.isPriced());
    QVERIFY(!quote.cost.has_value());
    QCOMPARE(quote.entry, QString());
    QCOMPARE(book->resolve("totally-unknown-model"), QString());
    QVERIFY(!book->price({}, {}, tokens(1, 1), kSomeTime).isPriced());
    // A hint naming a provider that does not have the model, with no provider claiming the name.
    QVERIFY(!book->price("totally-unknown-model", "anthropic", tokens(1, 1), kSomeTime).isPriced());

    // Neither input_mtok nor output_mtok: unpriced even though the model is known.
    const auto tiny = bookFrom(kPriceDoc);
    QVERIFY(!tiny->price("tiny-voice", {}, tokens(1'000, 1'000), kSomeTime).isPriced());

    // An empty book prices nothing.
    PriceBook empty;
    QVERIFY(!empty.price("claude-sonnet-4-5", {}, tokens(1, 1), kSomeTime).isPriced());
    QCOMPARE(empty.providerCount(), 0);
    QCOMPARE(empty.modelCount(), 0);
}

void TestPriceBook::zeroTokens()
{
    const auto book = PriceBook::embedded();
    const PriceQuote quote = book->price("claude-sonnet-4-5-20250929", {}, TokenCounts {}, kSomeTime);
    QVERIFY(quote.isPriced());
    QCOMPARE(*quote.cost, 0.0);
    QCOMPARE(quote.entry, u"anthropic/claude-sonnet-4-5"_s);
    // No per-request fee for a record without tokens.
    const PriceQuote sonar = book->price("sonar", "perplexity", TokenCounts {}, kSomeTime);
    QVERIFY(sonar.isPriced());
    QCOMPARE(*sonar.cost, 0.0);
}

void TestPriceBook::unknownPriceKeysAndConstraints()
{
    const auto book = bookFrom(kPriceDoc);
    // Audio prices are ignored: 1M * 1 + 1M * 2 = 3.
    COMPARE_COST(book->price("tiny-audio", {}, tokens(1'000'000, 1'000'000), kSomeTime), 3.0);
    // An unknown constraint is never in force: the first price (1/1) applies.
    const PriceQuote future = book->price("tiny-future", {}, tokens(1'000'000, 1'000'000), kSomeTime);
    COMPARE_COST(future, 2.0);
    QCOMPARE(future.entry, u"tiny/tiny-future"_s);
}

void TestPriceBook::overrides()
{
    PriceBook book;
    QString error;
    QVERIFY(book.loadGenaiPrices(kMatchDoc, &error));
    QVERIFY2(book.loadOverrides(R"({"models": {
        "my-model": {"input_mtok": 2, "output_mtok": 4},
        "acme-eq": {"input_mtok": 5, "output_mtok": 6, "cache_read_mtok": 0.5, "cache_write_mtok": 7},
        "Mixed-Case": {"output_mtok": 1}
    }})",
                 &error),
        qPrintable(error));

    // A model the data does not know.
    PriceQuote quote = book.price("my-model", {}, tokens(1'000'000, 1'000'000), kSomeTime);
    COMPARE_COST(quote, 6.0); // 1M * 2 + 1M * 4
    QCOMPARE(quote.entry, u"override:my-model"_s);
    // Missing cache prices default to the input price, 1h writes to twice that:
    // 1M * 2 (read) + 1M * 2 (5m write) + 1M * 4 (1h write) = 8
    COMPARE_COST(book.price("my-model", {}, tokens(0, 0, 1'000'000, 1'000'000, 1'000'000), kSomeTime), 8.0);
    // Overrides win over the data (acme-eq is 1/2 there): 1M*5 + 1M*6 + 1M*0.5 + 1M*7 = 18.5
    quote = book.price("acme-eq", {}, tokens(1'000'000, 1'000'000, 1'000'000, 1'000'000), kSomeTime);
    COMPARE_COST(quote, 18.5);
    QCOMPARE(quote.entry, u"override:acme-eq"_s);
    QCOMPARE(book.resolve("acme-eq"), u"override:acme-eq"_s);
    // Keys compare case-insensitively, like the data; the entry keeps the key as written.
    QCOMPARE(book.resolve("mixed-case"), u"override:Mixed-Case"_s);
    // Other models still come from the data.
    QCOMPARE(book.resolve("acme-sw-1"), u"acme/sw"_s);

    // Loading replaces the previous overrides (and the cached resolutions).
    QVERIFY(book.loadOverrides(R"({"models": {}})", &error));
    QCOMPARE(book.resolve("acme-eq"), u"acme/eq"_s);
    QCOMPARE(book.resolve("my-model"), QString());
}

void TestPriceBook::overridePrecedence_data()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QString>("entry");
    QTest::addColumn<double>("expected"); // 1M input

    QTest::newRow("exact beats families")
        << QByteArray("claude-sonnet-4-5-20250929") << u"override:claude-sonnet-4-5-20250929"_s << 1.0;
    QTest::newRow("longer family") << QByteArray("claude-sonnet-4-5") << u"override:claude-sonnet-*"_s << 2.0;
    QTest::newRow("shorter family") << QByteArray("claude-haiku-4-5") << u"override:claude-*"_s << 3.0;
    QTest::newRow("family is a prefix") << QByteArray("my-claude-x") << QString() << 0.0;
    QTest::newRow("data otherwise") << QByteArray("gpt-5") << u"openai/gpt-5"_s << 1.25;
}

void TestPriceBook::overridePrecedence()
{
    QFETCH(QByteArray, model);
    QFETCH(QString, entry);
    QFETCH(double, expected);
    PriceBook book;
    QString error;
    QFile file(QStringLiteral(":/prices/data_slim.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(book.loadGenaiPrices(file.readAll(), &error), qPrintable(error));
    QVERIFY2(book.loadOverrides(R"({"models": {
        "claude-*": {"input_mtok": 3, "output_mtok": 3},
        "claude-sonnet-4-5-20250929": {"input_mtok": 1, "output_mtok": 1},
        "claude-sonnet-*": {"input_mtok": 2, "output_mtok": 2}
    }})",
                 &error),
        qPrintable(error));
    const PriceQuote quote = book.price(model, {}, tokens(1'000'000, 0), kSomeTime);
    QCOMPARE(quote.entry, entry);
    if (entry.isEmpty())
        QVERIFY(!quote.isPriced());
    else
        COMPARE_COST(quote, expected);
}

void TestPriceBook::overridesFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("overrides.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"models": {"local-llm*": {"input_mtok": 0.5, "output_mtok": 1.5}}})");
    }
    PriceBook book;
    QString error;
    QVERIFY2(book.loadOverridesFile(path, &error), qPrintable(error));
    const PriceQuote quote = book.price("local-llm-7b", {}, tokens(1'000'000, 1'000'000), kSomeTime);
    COMPARE_COST(quote, 2.0); // 0.5 + 1.5
    QCOMPARE(quote.entry, u"override:local-llm*"_s);

    error.clear();
    QVERIFY(!book.loadOverridesFile(dir.filePath(QStringLiteral("missing.json")), &error));
    QVERIFY(error.contains(u"missing.json"));
    // A failed load keeps what was there.
    QCOMPARE(book.resolve("local-llm-7b"), u"override:local-llm*"_s);

    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"models\": ");
    }
    error.clear();
    QVERIFY(!book.loadOverridesFile(path, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(book.resolve("local-llm-7b"), u"override:local-llm*"_s);
}

void TestPriceBook::badOverrides_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not JSON") << QByteArray("{\"models\": {");
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("models not an object") << QByteArray(R"({"models": 3})");
    QTest::newRow("misspelt models") << QByteArray(R"({"modles": {}})");
    QTest::newRow("entry not an object") << QByteArray(R"({"models": {"x": 3}})");
    QTest::newRow("unknown price key") << QByteArray(R"({"models": {"x": {"input": 3, "output_mtok": 1}}})");
    QTest::newRow("no input or output") << QByteArray(R"({"models": {"x": {"cache_read_mtok": 1}}})");
    QTest::newRow("string price") << QByteArray(R"({"models": {"x": {"input_mtok": "3"}}})");
    QTest::newRow("negative price") << QByteArray(R"({"models": {"x": {"input_mtok": -1}}})");
    QTest::newRow("empty name") << QByteArray(R"({"models": {"": {"input_mtok": 1}}})");
}

void TestPriceBook::badOverrides()
{
    QFETCH(QByteArray, json);
    PriceBook book;
    QString error;
    QVERIFY(book.loadOverrides(R"({"models": {"kept": {"input_mtok": 1}}})", &error));
    QVERIFY(!book.loadOverrides(json, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!book.loadOverrides(json)); // a null error pointer is fine
    QCOMPARE(book.resolve("kept"), u"override:kept"_s);
    // {} is an empty set of overrides, not an error.
    QVERIFY(book.loadOverrides("{}", &error));
    QCOMPARE(book.resolve("kept"), QString());
}

void TestPriceBook::badGenaiPrices_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not JSON") << QByteArray("[{");
    QTest::newRow("object") << QByteArray("{}");
    QTest::newRow("provider without models") << QByteArray(R"([{"id": "p"}])");
    QTest::newRow("model without match")
        << QByteArray(R"([{"id": "p", "models": [{"id": "m", "prices": {"input_mtok": 1}}]}])");
    QTest::newRow("bad regex") << QByteArray(
        R"([{"id": "p", "models": [{"id": "m", "match": {"regex": "("}, "prices": {"input_mtok": 1}}]}])");
    QTest::newRow("or without array") << QByteArray(
        R"([{"id": "p", "models": [{"id": "m", "match": {"or": "x"}, "prices": {"input_mtok": 1}}]}])");
    QTest::newRow("bad tier") << QByteArray(
        R"([{"id": "p", "models": [{"id": "m", "match": {"equals": "m"},
            "prices": {"input_mtok": {"base": 1, "tiers": [{"price": 2}]}}}]}])");
    QTest::newRow("bad start date") << QByteArray(
        R"([{"id": "p", "models": [{"id": "m", "match": {"equals": "m"},
            "prices": [{"prices": {"input_mtok": 1}}, {"constraint": {"start_date": "soon"}, "prices": {}}]}]}])");
    QTest::newRow("bad time") << QByteArray(
        R"([{"id": "p", "models": [{"id": "m", "match": {"equals": "m"},
            "prices": [{"prices": {"input_mtok": 1}},
                       {"constraint": {"start_time": "25:00:00Z", "end_time": "01:00:00Z"}, "prices": {}}]}]}])");
}

void TestPriceBook::badGenaiPrices()
{
    QFETCH(QByteArray, json);
    PriceBook book;
    QString error;
    QVERIFY(book.loadGenaiPrices(kMatchDoc, &error));
    QVERIFY(!book.loadGenaiPrices(json, &error));
    QVERIFY(!error.isEmpty());
    // A failed load keeps the previous data.
    QCOMPARE(book.providerCount(), 1);
    QCOMPARE(book.resolve("acme-eq"), u"acme/eq"_s);
}

void TestPriceBook::reloadClearsCache()
{
    PriceBook book;
    QVERIFY(book.loadGenaiPrices(kMatchDoc));
    QCOMPARE(book.resolve("acme-eq"), u"acme/eq"_s);
    QCOMPARE(book.resolve("shared-a"), QString());
    QVERIFY(book.loadGenaiPrices(kProviderDoc));
    QCOMPARE(book.providerCount(), 4);
    QCOMPARE(book.modelCount(), 4);
    QCOMPARE(book.resolve("acme-eq"), QString());
    QCOMPARE(book.resolve("shared-a"), u"alpha/shared-a"_s);
}

// The writer resolves a model once and prices its requests through the result; a load of prices or
// overrides must tell it to resolve again.
void TestPriceBook::resolvedOnceAndItsGeneration()
{
    PriceBook book;
    QVERIFY(book.loadGenaiPrices(kMatchDoc));
    const quint64 loaded = book.generation();
    const PriceBook::Resolved eq = book.resolved("acme-eq", {});
    QCOMPARE(eq.generation(), loaded);
    const PriceQuote direct = book.price("acme-eq", {}, tokens(1'000'000, 1'000'000), kSomeTime);
    const PriceQuote through = eq.price(tokens(1'000'000, 1'000'000), kSomeTime);
    QVERIFY(direct.isPriced());
    COMPARE_COST(through, *direct.cost);
    QCOMPARE(through.entry, direct.entry);
    QVERIFY(!book.resolved("no-such-model", {}).price(tokens(1'000'000, 0), kSomeTime).isPriced());
    QVERIFY(!PriceBook::Resolved().price(tokens(1, 1), kSomeTime).isPriced());

    QString error;
    QVERIFY(
        book.loadOverrides(R"({"models": {"acme-eq": {"input_mtok": 100, "output_mtok": 100}}})", &error));
    QVERIFY(book.generation() != loaded);
    // What was resolved before stays as it was (it keeps its data alive); resolving again sees the
    // override.
    COMPARE_COST(eq.price(tokens(1'000'000, 1'000'000), kSomeTime), *direct.cost);
    COMPARE_COST(book.resolved("acme-eq", {}).price(tokens(1'000'000, 0), kSomeTime), 100.0);
    QCOMPARE(book.resolved("acme-eq", {}).generation(), book.generation());

    const quint64 overridden = book.generation();
    QVERIFY(book.loadGenaiPrices(kProviderDoc));
    QVERIFY(book.generation() != overridden);
    // The data eq points into is gone from the book: eq keeps it alive.
    COMPARE_COST(eq.price(tokens(1'000'000, 1'000'000), kSomeTime), *direct.cost);
    const quint64 reloaded = book.generation();
    book.loadGenaiPricesOnFirstUse(kMatchDoc);
    QVERIFY(book.generation() != reloaded);
    const quint64 pending = book.generation();
    QVERIFY(!book.loadGenaiPrices("not json", &error));
    QCOMPARE(book.generation(), pending); // nothing was loaded
}

void TestPriceBook::embedded()
{
    const auto book = PriceBook::embedded();
    QVERIFY(book);
    QCOMPARE(PriceBook::embedded().get(), book.get()); // loaded once
    // Counted in resources/prices/data_slim.json: 34 providers, 1285 models.
    QCOMPARE(book->providerCount(), 34);
    QCOMPARE(book->modelCount(), 1285);
}

void TestPriceBook::parsedOnFirstUse()
{
    // A document handed over for later answers as if loaded at once, whichever call comes first.
    const auto eager = bookFrom(kMatchDoc);
    for (int first = 0; first < 4; ++first) {
        PriceBook lazy;
        lazy.loadGenaiPricesOnFirstUse(kMatchDoc);
        if (first == 3)
            lazy.parsePending(); // the writer's, before its first request
        if (first == 0)
            QCOMPARE(lazy.resolve("acme-sw-2025"), u"acme/sw"_s);
        if (first == 1)
            QCOMPARE(lazy.providerCount(), eager->providerCount());
        if (first == 2)
            QCOMPARE(lazy.modelCount(), eager->modelCount());
        QCOMPARE(lazy.providerCount(), eager->providerCount());
        QCOMPARE(lazy.modelCount(), eager->modelCount());
        COMPARE_COST(lazy.price("acme-eq", {}, tokens(1'000'000, 1'000'000), kSomeTime),
            *eager->price("acme-eq", {}, tokens(1'000'000, 1'000'000), kSomeTime).cost);
    }

    // Overrides loaded before the first lookup still win over it.
    PriceBook overridden;
    overridden.loadGenaiPricesOnFirstUse(kMatchDoc);
    QString error;
    QVERIFY(overridden.loadOverrides(R"({"models": {"acme-eq": {"input_mtok": 100, "output_mtok": 100}}})", &error));
    COMPARE_COST(overridden.price("acme-eq", {}, tokens(1'000'000, 0), kSomeTime), 100.0);
    QCOMPARE(overridden.resolve("acme-sw-2025"), u"acme/sw"_s);

    // Data loaded later replaces data not parsed yet.
    PriceBook replaced;
    replaced.loadGenaiPricesOnFirstUse(kMatchDoc);
    QVERIFY(replaced.loadGenaiPrices(kPriceDoc, &error));
    QCOMPARE(replaced.resolve("acme-sw-2025"), QString());
    QVERIFY(replaced.price("tiny-audio", {}, tokens(1'000, 1'000), kSomeTime).isPriced());

    // A document that does not load leaves every model unpriced, never priced at $0.
    PriceBook broken;
    broken.loadGenaiPricesOnFirstUse("{not json");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"price data does not load"_s));
    const PriceQuote quote = broken.price("acme-eq", {}, tokens(1'000, 1'000), kSomeTime);
    QVERIFY(!quote.cost.has_value());
    QCOMPARE(broken.modelCount(), 0);
}

void TestPriceBook::concurrentLookups()
{
    const auto book = PriceBook::embedded();
    const QList<QByteArray> models { "claude-sonnet-4-5-20250929", "gpt-5", "deepseek-chat", "nope-1",
        "claude-haiku-4-5" };
    QList<int> work(4000);
    for (int i = 0; i < work.size(); ++i)
        work[i] = i;
    std::atomic<int> wrong { 0 };
    QtConcurrent::blockingMap(work, [&](int i) {
        const QByteArray& model = models.at(i % models.size());
        // Unique names too, so that threads insert into the cache while others read it.
        const QByteArray unique = model + '-' + QByteArray::number(i);
        const PriceQuote a = book->price(model, {}, tokens(1'000'000, 0), kSomeTime);
        const PriceQuote b = book->price(unique, {}, tokens(1'000'000, 0), kSomeTime);
        const bool known = model != "nope-1";
        if (a.isPriced() != known)
            ++wrong;
        Q_UNUSED(b);
    });
    QCOMPARE(wrong.load(), 0);
    // claude-sonnet-4-5 base input price, unaffected by the traffic: 100k * 3 = 300000 -> 0.3.
    COMPARE_COST(book->price("claude-sonnet-4-5-20250929", {}, tokens(100'000, 0), kSomeTime), 0.3);
}

QTEST_GUILESS_MAIN(TestPriceBook)
#include "tst_pricebook.moc"
