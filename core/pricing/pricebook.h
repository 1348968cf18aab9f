// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"

#include <atomic>
#include <memory>
#include <optional>
#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <vector>

class PriceModel;

// The result of pricing one request. cost is absent when no price entry matches the model: such a
// request is "unpriced", listed in warnings, and never silently counted as $0.
struct PriceQuote
{
    std::optional<double> cost;
    // Which entry priced it, for provenance: "anthropic/claude-sonnet-4-5", with "@2026-03-13" when a
    // dated price was chosen, or "override:<key>" for a user override.
    QString entry;
    bool isPriced() const { return cost.has_value(); }
};

// Where a model's prices come from: the embedded genai-prices snapshot (pydantic/genai-prices,
// MIT; data format described by its data_slim.schema.json) plus user overrides, which win.
// Interprets provider and model match clauses (equals, starts_with, ends_with, contains, regex, or,
// and), tiered prices (the whole bucket moves to a tier once the prompt crosses its start) and
// conditional prices (start dates and time-of-day windows, chosen by each request's timestamp).
// Thread-safe: lookups are cached behind a mutex, the data itself is immutable after loading (or after
// the first lookup parsed it).
class PriceBook
{
public:
    PriceBook();
    ~PriceBook();
    PriceBook(const PriceBook&) = delete;
    PriceBook& operator=(const PriceBook&) = delete;

    // The snapshot embedded as :/prices/data_slim.json.
    static std::shared_ptr<PriceBook> embedded();

    // Replaces the provider data with a genai-prices data_slim.json document.
    bool loadGenaiPrices(const QByteArray& json, QString* error = nullptr);
    // The same for a document known to be valid (the embedded snapshot, which the tests load), parsed
    // by the first lookup instead: a command that prices nothing (a report over unchanged logs) then
    // never pays the ~15 ms its parse takes.
    void loadGenaiPricesOnFirstUse(QByteArray json);
    // Parses what loadGenaiPricesOnFirstUse() handed over now, on the calling thread: for a thread with
    // nothing else to do before its first lookup (the writer while it waits for a load's first batch).
    void parsePending() const;
    // User overrides, a JSON object: {"models": {"<raw model name>": {"input_mtok": 3, "output_mtok": 15,
    // "cache_read_mtok": 0.3, "cache_write_mtok": 3.75}}}. A key ending in '*' matches every model name
    // starting with the part before it (a family). Exact keys win over families, longer families over
    // shorter ones. Missing cache prices default to the input price.
    bool loadOverrides(const QByteArray& json, QString* error = nullptr);
    bool loadOverridesFile(const QString& path, QString* error = nullptr);

    // Prices one request. model is the raw model name the agent logged; providerHint the provider id it
    // logged (may be empty). timestampMs (UTC) selects dated and time-of-day prices.
    // Rules beyond genai-prices: reasoning tokens are billed at the output price; 1-hour cache writes at
    // twice the input price (Anthropic's published rule); a missing cache-read or cache-write price falls
    // back to the input price.
    PriceQuote price(const QByteArray& model, const QByteArray& providerHint, const TokenCounts& tokens,
        qint64 timestampMs) const;

    // One model's prices, resolved once, for a caller that prices many requests of few models in a row
    // (the store's writer): each price() through it takes no lock and no cache lookup (pricing was 41 of
    // the writer's 1,146 samples in a cold 1 GB Codex load, 6 of them the data's parse). It keeps the
    // data it points into alive; a
    // later load of prices or overrides leaves it as it was and changes generation(), so keep it only
    // while generation() is what it was resolved at.
    class Resolved
    {
    public:
        Resolved() = default;
        PriceQuote price(const TokenCounts& tokens, qint64 timestampMs) const;
        quint64 generation() const { return m_generation; }

    private:
        friend class PriceBook;
        std::shared_ptr<const void> m_keepAlive;
        const PriceModel* m_prices = nullptr; // nullptr: the model is unpriced
        QString m_entry;
        quint64 m_generation = 0;
    };
    Resolved resolved(const QByteArray& model, const QByteArray& providerHint) const;
    // Changes whenever prices or overrides are loaded or handed over for first use (not when that data
    // is parsed: it was handed over before any resolution could see it).
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }

    // The entry id a model resolves to without pricing anything ("" when unpriced).
    QString resolve(const QByteArray& model, const QByteArray& providerHint = {}) const;

    int providerCount() const;
    int modelCount() const;

private:
    struct Data;
    std::unique_ptr<Data> d;
    std::atomic<quint64> m_generation { 1 };
};
