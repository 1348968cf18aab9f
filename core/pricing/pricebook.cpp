// SPDX-License-Identifier: MIT
#include "pricebook.h"

#include "matchclause.h"
#include "pricemodel.h"

#include <algorithm>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>

// Model and provider resolution follows the genai-prices reference
// (packages/python/genai_prices/data_snapshot.py find_provider_model / find_provider and
// types.py Provider.find_model; packages/js/src/api.ts and engine.ts do the same), checked
// against the source:
// - The model reference is lower-cased (and, in JS, trimmed) before any matching; clauses
//   compare case-insensitively (see MatchClause).
// - With a provider id: the provider whose id equals the lower-cased, trimmed id, else the first
//   (in file order) whose provider_match matches it. Without one: the first provider in file
//   order whose model_match matches the model reference; the model must then be in that
//   provider - later providers are not tried.
// - Within the provider the first model (file order) whose match clause matches wins; failing
//   that each of fallback_model_providers in order, one step only (a fallback's own fallbacks are
//   not followed).
// - "litellm" as provider id: a "provider/model" reference is split and the prefix used as the
//   provider id when it names one; an unknown litellm provider falls back to model matching.
// Deliberate extensions (the reference raises LookupError in these cases, we prefer a price):
// - any provider id that names no provider, or a provider that has not got the model, falls
//   back to matching by model name, as litellm does;
// - a "provider/model" reference that did not resolve as a whole is retried as model "model"
//   with provider id "provider" (OpenRouter/opencode style names such as "anthropic/claude-...").
// The entry of a model found through a fallback provider names the provider that owns the price
// ("openai/gpt-5" for an Azure request), since that is the entry that exists in the data.

namespace {
void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

struct ModelEntry
{
    MatchClause match;
    PriceModel prices;
    QString entry; // "<provider id>/<model id>"
};

struct Provider
{
    QString id;
    std::optional<MatchClause> modelMatch;
    std::optional<MatchClause> providerMatch;
    QStringList fallbackIds;
    std::vector<int> fallbacks; // indices into GenaiData::providers
    std::vector<ModelEntry> models;
};

struct GenaiData
{
    std::vector<Provider> providers;
    int modelCount = 0;

    const Provider* providerById(QStringView id) const
    {
        for (const Provider& provider : providers) {
            if (provider.id == id)
                return &provider;
        }
        for (const Provider& provider : providers) {
            if (provider.providerMatch && provider.providerMatch->matches(id))
                return &provider;
        }
        return nullptr;
    }

    const Provider* providerByModel(QStringView model) const
    {
        for (const Provider& provider : providers) {
            if (provider.modelMatch && provider.modelMatch->matches(model))
                return &provider;
        }
        return nullptr;
    }

    const ModelEntry* findModel(const Provider& provider, QStringView model, bool followFallbacks) const
    {
        for (const ModelEntry& entry : provider.models) {
            if (entry.match.matches(model))
                return &entry;
        }
        if (followFallbacks) {
            for (int index : provider.fallbacks) {
                if (const ModelEntry* entry = findModel(providers[size_t(index)], model, false))
                    return entry;
            }
        }
        return nullptr;
    }

    // model and providerId lower-cased and trimmed.
    const ModelEntry* resolve(QStringView model, QStringView providerId) const
    {
        if (providerId == u"litellm") {
            const qsizetype slash = model.indexOf(QLatin1Char('/'));
            if (slash > 0 && providerById(model.left(slash))) {
                providerId = model.left(slash);
                model = model.mid(slash + 1);
            }
        }
        if (const ModelEntry* entry = resolveDirect(model, providerId))
            return entry;
        const qsizetype slash = model.indexOf(QLatin1Char('/'));
        if (slash > 0 && slash + 1 < model.size())
            return resolveDirect(model.mid(slash + 1), model.left(slash));
        return nullptr;
    }

    const ModelEntry* resolveDirect(QStringView model, QStringView providerId) const
    {
        if (!providerId.isEmpty()) {
            if (const Provider* provider = providerById(providerId)) {
                if (const ModelEntry* entry = findModel(*provider, model, true))
                    return entry;
            }
        }
        if (const Provider* provider = providerByModel(model))
            return findModel(*provider, model, true);
        return nullptr;
    }
};

std::optional<MatchClause> optionalClause(const QJsonObject& object, QLatin1String key, QString* error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return MatchClause();
    return MatchClause::fromJson(value, error);
}

std::shared_ptr<const GenaiData> parseGenaiPrices(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(error,
            QStringLiteral("price data is not valid JSON (offset %1): %2")
                .arg(parseError.offset)
                .arg(parseError.errorString()));
        return nullptr;
    }
    if (!document.isArray()) {
        setError(error, QStringLiteral("price data must be a JSON array of providers"));
        return nullptr;
    }

    auto data = std::make_shared<GenaiData>();
    const QJsonArray providers = document.array();
    data->providers.reserve(size_t(providers.size()));
    QString detail;
    for (qsizetype p = 0; p < providers.size(); ++p) {
        const QJsonObject object = providers.at(p).toObject();
        Provider provider;
        provider.id = object.value(QLatin1String("id")).toString();
        const QString where = QStringLiteral("provider %1 (%2)").arg(p).arg(provider.id);
        if (provider.id.isEmpty() || !object.value(QLatin1String("models")).isArray()) {
            setError(error, QStringLiteral("%1: needs an id and a models array").arg(where));
            return nullptr;
        }
        std::optional<MatchClause> modelMatch = optionalClause(object, QLatin1String("model_match"), &detail);
        std::optional<MatchClause> providerMatch
            = optionalClause(object, QLatin1String("provider_match"), &detail);
        if (!modelMatch || !providerMatch) {
            setError(error, QStringLiteral("%1: %2").arg(where, detail));
            return nullptr;
        }
        if (modelMatch->kind() != MatchClause::Kind::Never)
            provider.modelMatch = std::move(modelMatch);
        if (providerMatch->kind() != MatchClause::Kind::Never)
            provider.providerMatch = std::move(providerMatch);
        for (const QJsonValue& id : object.value(QLatin1String("fallback_model_providers")).toArray())
            provider.fallbackIds.append(id.toString());

        const QJsonArray models = object.value(QLatin1String("models")).toArray();
        provider.models.reserve(size_t(models.size()));
        for (qsizetype m = 0; m < models.size(); ++m) {
            const QJsonObject model = models.at(m).toObject();
            const QString id = model.value(QLatin1String("id")).toString();
            const QString modelWhere = QStringLiteral("%1, model %2 (%3)").arg(where).arg(m).arg(id);
            if (id.isEmpty()) {
                setError(error, QStringLiteral("%1: needs an id").arg(modelWhere));
                return nullptr;
            }
            std::optional<MatchClause> match
                = MatchClause::fromJson(model.value(QLatin1String("match")), &detail);
            if (!match) {
                setError(error, QStringLiteral("%1: %2").arg(modelWhere, detail));
                return nullptr;
            }
            std::optional<PriceModel> prices = PriceModel::fromJson(
                model.value(QLatin1String("prices")), PriceModel::UnknownKeys::Ignore, &detail);
            if (!prices) {
                setError(error, QStringLiteral("%1: %2").arg(modelWhere, detail));
                return nullptr;
            }
            provider.models.push_back(
                { std::move(*match), std::move(*prices), provider.id + QLatin1Char('/') + id });
        }
        data->modelCount += int(provider.models.size());
        data->providers.push_back(std::move(provider));
    }

    // Unknown fallback ids are skipped: the reference would fail on them only when reached.
    for (Provider& provider : data->providers) {
        for (const QString& id : std::as_const(provider.fallbackIds)) {
            const auto it = std::find_if(data->providers.cbegin(), data->providers.cend(),
                [&id](const Provider& candidate) { return candidate.id == id; });
            if (it != data->providers.cend() && &*it != &provider)
                provider.fallbacks.push_back(int(it - data->providers.cbegin()));
        }
    }
    return data;
}

struct Override
{
    QString prefix; // lower-cased key without the '*' for a family, the whole key otherwise
    PriceModel prices;
    QString entry; // "override:<key as written>"
};

struct Overrides
{
    QHash<QString, Override> exact; // by lower-cased key
    std::vector<Override> families; // longest prefix first

    const Override* find(const QString& model) const
    {
        const auto it = exact.constFind(model);
        if (it != exact.constEnd())
            return &*it;
        for (const Override& family : families) {
            if (model.startsWith(family.prefix))
                return &family;
        }
        return nullptr;
    }
};

std::shared_ptr<const Overrides> parseOverrides(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(error,
            QStringLiteral("price overrides are not valid JSON (offset %1): %2")
                .arg(parseError.offset)
                .arg(parseError.errorString()));
        return nullptr;
    }
    if (!document.isObject()) {
        setError(error, QStringLiteral("price overrides must be a JSON object"));
        return nullptr;
    }
    const QJsonObject root = document.object();
    const QJsonValue modelsValue = root.value(QLatin1String("models"));
    // Only {} may omit "models": anything else without it is most likely a misspelt key.
    if (!(modelsValue.isObject() || (modelsValue.isUndefined() && root.isEmpty()))) {
        setError(error, QStringLiteral("price overrides need a \"models\" object"));
        return nullptr;
    }

    auto overrides = std::make_shared<Overrides>();
    const QJsonObject models = modelsValue.toObject();
    QString detail;
    for (auto it = models.constBegin(); it != models.constEnd(); ++it) {
        const QString key = it.key();
        QString lowered = key.trimmed().toLower();
        const bool family = lowered.endsWith(QLatin1Char('*'));
        if (family)
            lowered.chop(1);
        if (lowered.isEmpty() && !family) {
            setError(error, QStringLiteral("price override with an empty model name"));
            return nullptr;
        }
        std::optional<PriceModel> prices = it.value().isObject()
            ? PriceModel::fromJson(it.value(), PriceModel::UnknownKeys::Reject, &detail)
            : std::nullopt;
        if (!it.value().isObject())
            detail = QStringLiteral("must be an object of prices");
        if (prices && !it.value().toObject().contains(QLatin1String("input_mtok"))
            && !it.value().toObject().contains(QLatin1String("output_mtok"))) {
            prices.reset();
            detail = QStringLiteral("needs input_mtok or output_mtok");
        }
        if (!prices) {
            setError(error, QStringLiteral("price override \"%1\": %2").arg(key, detail));
            return nullptr;
        }
        Override entry { lowered, std::move(*prices), QStringLiteral("override:") + key };
        if (family)
            overrides->families.push_back(std::move(entry));
        else
            overrides->exact.insert(lowered, std::move(entry));
    }
    std::stable_sort(overrides->families.begin(), overrides->families.end(),
        [](const Override& a, const Override& b) { return a.prefix.size() > b.prefix.size(); });
    return overrides;
}

// Both halves are immutable and swapped as a whole, so a lookup keeps pricing against the data it
// resolved with even if a reload happens meanwhile.
struct Snapshot
{
    std::shared_ptr<const GenaiData> data;
    std::shared_ptr<const Overrides> overrides;
};

struct Resolution
{
    const PriceModel* prices = nullptr; // points into the snapshot it was resolved against
    QString entry;
};

struct CacheKey
{
    QByteArray model;
    QByteArray providerHint;
    friend bool operator==(const CacheKey&, const CacheKey&) = default;
};

size_t qHash(const CacheKey& key, size_t seed = 0)
{
    return qHashMulti(seed, key.model, key.providerHint);
}

// Distinct raw model names are few in practice; the cap only bounds memory against garbage input.
constexpr qsizetype kMaxCachedResolutions = 4096;
} // namespace

struct PriceBook::Data
{
    mutable QMutex mutex;
    std::shared_ptr<const Snapshot> snapshot = std::make_shared<Snapshot>();
    mutable QHash<CacheKey, Resolution> cache;
    QByteArray pendingGenai; // loadGenaiPricesOnFirstUse(): parsed by the first lookup

    // Caller holds mutex.
    void parsePendingLocked()
    {
        if (pendingGenai.isEmpty())
            return;
        QString error;
        std::shared_ptr<const GenaiData> data = parseGenaiPrices(pendingGenai, &error);
        pendingGenai.clear();
        if (!data) {
            // Only data checked beforehand comes this way (the embedded snapshot, by the tests); without
            // it every request is unpriced and listed as such, never counted as $0.
            qWarning("PriceBook: the price data does not load: %s", qPrintable(error));
            return;
        }
        replaceLocked(std::move(data), nullptr);
    }

    // Caller holds mutex.
    Resolution resolveLocked(const QByteArray& model, const QByteArray& providerHint)
    {
        parsePendingLocked();
        const CacheKey key { model, providerHint };
        const auto cached = cache.constFind(key);
        if (cached != cache.constEnd())
            return *cached;

        Resolution resolution;
        const QString name = QString::fromUtf8(model).trimmed().toLower();
        if (snapshot->overrides && !name.isEmpty()) {
            if (const Override* entry = snapshot->overrides->find(name))
                resolution = { &entry->prices, entry->entry };
        }
        if (!resolution.prices && snapshot->data && !name.isEmpty()) {
            const QString hint = QString::fromUtf8(providerHint).trimmed().toLower();
            if (const ModelEntry* entry = snapshot->data->resolve(name, hint))
                resolution = { &entry->prices, entry->entry };
        }
        if (cache.size() >= kMaxCachedResolutions)
            cache.clear();
        cache.insert(key, resolution);
        return resolution;
    }

    void replace(std::shared_ptr<const GenaiData> data, std::shared_ptr<const Overrides> overrides)
    {
        QMutexLocker locker(&mutex);
        if (data)
            pendingGenai.clear(); // newer data wins over data not parsed yet
        replaceLocked(std::move(data), std::move(overrides));
    }

    void replaceLocked(std::shared_ptr<const GenaiData> data, std::shared_ptr<const Overrides> overrides)
    {
        auto next = std::make_shared<Snapshot>(*snapshot);
        if (data)
            next->data = std::move(data);
        if (overrides)
            next->overrides = std::move(overrides);
        snapshot = std::move(next);
        cache.clear();
    }
};

PriceBook::PriceBook()
    : d(std::make_unique<Data>())
{ }

PriceBook::~PriceBook() = default;

std::shared_ptr<PriceBook> PriceBook::embedded()
{
    static const std::shared_ptr<PriceBook> book = [] {
        auto loaded = std::make_shared<PriceBook>();
        QFile file(QStringLiteral(":/prices/data_slim.json"));
        QString error;
        if (!file.open(QIODevice::ReadOnly))
            qWarning("PriceBook: the embedded price data is missing");
        else if (!loaded->loadGenaiPrices(file.readAll(), &error))
            qWarning("PriceBook: the embedded price data does not load: %s", qPrintable(error));
        return loaded;
    }();
    return book;
}

bool PriceBook::loadGenaiPrices(const QByteArray& json, QString* error)
{
    std::shared_ptr<const GenaiData> data = parseGenaiPrices(json, error);
    if (!data)
        return false;
    d->replace(std::move(data), nullptr);
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

void PriceBook::loadGenaiPricesOnFirstUse(QByteArray json)
{
    {
        QMutexLocker locker(&d->mutex);
        d->pendingGenai = std::move(json);
    }
    m_generation.fetch_add(1, std::memory_order_acq_rel);
}

void PriceBook::parsePending() const
{
    QMutexLocker locker(&d->mutex);
    d->parsePendingLocked();
}

bool PriceBook::loadOverrides(const QByteArray& json, QString* error)
{
    std::shared_ptr<const Overrides> overrides = parseOverrides(json, error);
    if (!overrides)
        return false;
    d->replace(nullptr, std::move(overrides));
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

bool PriceBook::loadOverridesFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read price overrides %1: %2").arg(path, file.errorString()));
        return false;
    }
    QString detail;
    if (!loadOverrides(file.readAll(), &detail)) {
        setError(error, QStringLiteral("%1: %2").arg(path, detail));
        return false;
    }
    return true;
}

PriceQuote PriceBook::price(const QByteArray& model, const QByteArray& providerHint,
    const TokenCounts& tokens, qint64 timestampMs) const
{
    return resolved(model, providerHint).price(tokens, timestampMs);
}

PriceBook::Resolved PriceBook::resolved(const QByteArray& model, const QByteArray& providerHint) const
{
    Resolved resolved;
    // Read before the lookup: a load in between leaves an older generation, never a newer one with
    // older prices.
    resolved.m_generation = generation();
    QMutexLocker locker(&d->mutex);
    d->parsePendingLocked(); // first: it installs the snapshot the resolution points into
    resolved.m_keepAlive = d->snapshot;
    const Resolution resolution = d->resolveLocked(model, providerHint);
    resolved.m_prices = resolution.prices;
    resolved.m_entry = resolution.entry;
    return resolved;
}

PriceQuote PriceBook::Resolved::price(const TokenCounts& tokens, qint64 timestampMs) const
{
    if (!m_prices)
        return {};
    QString suffix;
    const std::optional<double> cost = m_prices->cost(tokens, timestampMs, &suffix);
    if (!cost)
        return {};
    return { cost, suffix.isEmpty() ? m_entry : m_entry + suffix };
}

QString PriceBook::resolve(const QByteArray& model, const QByteArray& providerHint) const
{
    QMutexLocker locker(&d->mutex);
    return d->resolveLocked(model, providerHint).entry;
}

int PriceBook::providerCount() const
{
    QMutexLocker locker(&d->mutex);
    d->parsePendingLocked();
    return d->snapshot->data ? int(d->snapshot->data->providers.size()) : 0;
}

int PriceBook::modelCount() const
{
    QMutexLocker locker(&d->mutex);
    d->parsePendingLocked();
    return d->snapshot->data ? d->snapshot->data->modelCount : 0;
}
