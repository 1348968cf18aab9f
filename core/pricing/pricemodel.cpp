// SPDX-License-Identifier: MIT
#include "pricemodel.h"

#include <algorithm>
#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
constexpr qint64 kMsPerDay = 86'400'000;
constexpr double kPerMillion = 1'000'000.0;

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 quotient = value / divisor;
    return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

bool readNumber(const QJsonValue& value, double* out)
{
    if (!value.isDouble() || value.toDouble() < 0.0)
        return false;
    *out = value.toDouble();
    return true;
}

std::optional<PriceModel::Rate> parseRate(const QJsonValue& value, const QString& key, QString* error)
{
    PriceModel::Rate rate;
    if (value.isDouble()) {
        if (!readNumber(value, &rate.base)) {
            setError(error, QStringLiteral("%1 must not be negative").arg(key));
            return std::nullopt;
        }
        return rate;
    }
    if (!value.isObject()) {
        setError(error, QStringLiteral("%1 must be a number or {base, tiers}").arg(key));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (!readNumber(object.value(QLatin1String("base")), &rate.base)) {
        setError(error, QStringLiteral("%1.base must be a non-negative number").arg(key));
        return std::nullopt;
    }
    const QJsonValue tiers = object.value(QLatin1String("tiers"));
    if (!tiers.isArray()) {
        setError(error, QStringLiteral("%1.tiers must be an array").arg(key));
        return std::nullopt;
    }
    for (const QJsonValue& tier : tiers.toArray()) {
        const QJsonValue start = tier.toObject().value(QLatin1String("start"));
        double price = 0.0;
        if (!start.isDouble() || start.toDouble() < 0.0
            || !readNumber(tier.toObject().value(QLatin1String("price")), &price)) {
            setError(error, QStringLiteral("%1.tiers: each tier needs a start and a price").arg(key));
            return std::nullopt;
        }
        rate.tiers.emplace_back(static_cast<qint64>(start.toDouble()), price);
    }
    // The reference sorts too (TieredPrices.__post_init__); the data is not guaranteed sorted.
    std::stable_sort(
        rate.tiers.begin(), rate.tiers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return rate;
}

std::optional<PriceModel::Prices> parsePrices(
    const QJsonValue& value, PriceModel::UnknownKeys unknownKeys, QString* error)
{
    if (!value.isObject()) {
        setError(error, QStringLiteral("prices must be an object"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    PriceModel::Prices prices;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        std::optional<PriceModel::Rate>* slot = nullptr;
        if (key == QLatin1String("input_mtok"))
            slot = &prices.input;
        else if (key == QLatin1String("output_mtok"))
            slot = &prices.output;
        else if (key == QLatin1String("cache_read_mtok"))
            slot = &prices.cacheRead;
        else if (key == QLatin1String("cache_write_mtok"))
            slot = &prices.cacheWrite;

        if (slot) {
            std::optional<PriceModel::Rate> rate = parseRate(it.value(), key, error);
            if (!rate)
                return std::nullopt;
            *slot = std::move(rate);
        } else if (key == QLatin1String("requests_kcount")) {
            double perThousand = 0.0;
            if (!readNumber(it.value(), &perThousand)) {
                setError(error, QStringLiteral("requests_kcount must be a non-negative number"));
                return std::nullopt;
            }
            prices.requestsKcount = perThousand;
        } else if (unknownKeys == PriceModel::UnknownKeys::Reject) {
            setError(error, QStringLiteral("unknown price \"%1\"").arg(key));
            return std::nullopt;
        }
    }
    return prices;
}

// "16:30:00Z", "00:30", "08:30:00+08:00" -> UTC milliseconds of the day.
std::optional<qint64> parseTimeOfDay(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z|z)|([+-])(\d{2}):?(\d{2}))?$)"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int hours = match.captured(1).toInt();
    const int minutes = match.captured(2).toInt();
    const int seconds = match.capturedLength(3) ? match.captured(3).toInt() : 0;
    if (hours > 23 || minutes > 59 || seconds > 59)
        return std::nullopt;
    qint64 ms = (hours * 3600 + minutes * 60 + seconds) * qint64(1000);
    if (match.capturedLength(4))
        ms += QString(match.captured(4) + QStringLiteral("00")).left(3).toInt();
    if (match.capturedLength(6)) {
        const qint64 offset = (match.captured(7).toInt() * 60 + match.captured(8).toInt()) * qint64(60'000);
        ms -= match.captured(6) == QLatin1String("+") ? offset : -offset;
    }
    return ((ms % kMsPerDay) + kMsPerDay) % kMsPerDay;
}
} // namespace

double PriceModel::Rate::at(qint64 promptTokens) const
{
    double price = base;
    for (const auto& [start, tierPrice] : tiers) {
        if (promptTokens > start)
            price = tierPrice;
        else
            break;
    }
    return price;
}

std::optional<PriceModel> PriceModel::fromJson(
    const QJsonValue& value, UnknownKeys unknownKeys, QString* error)
{
    PriceModel model;
    if (value.isObject()) {
        std::optional<Prices> prices = parsePrices(value, unknownKeys, error);
        if (!prices)
            return std::nullopt;
        Conditional always;
        always.prices = std::move(*prices);
        model.m_conditionals.push_back(std::move(always));
        return model;
    }
    if (!value.isArray() || value.toArray().isEmpty()) {
        setError(error, QStringLiteral("prices must be an object or a non-empty array"));
        return std::nullopt;
    }
    for (const QJsonValue& item : value.toArray()) {
        const QJsonObject object = item.toObject();
        std::optional<Prices> prices = parsePrices(object.value(QLatin1String("prices")), unknownKeys, error);
        if (!prices)
            return std::nullopt;
        Conditional conditional;
        conditional.prices = std::move(*prices);
        const QJsonValue constraintValue = object.value(QLatin1String("constraint"));
        if (constraintValue.isObject()) {
            const QJsonObject constraint = constraintValue.toObject();
            if (constraint.contains(QLatin1String("start_date"))) {
                const QString text = constraint.value(QLatin1String("start_date")).toString();
                const QDate date = QDate::fromString(text, Qt::ISODate);
                if (!date.isValid()) {
                    setError(error, QStringLiteral("invalid start_date \"%1\"").arg(text));
                    return std::nullopt;
                }
                conditional.kind = Conditional::Kind::StartDate;
                conditional.startDay = date.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
                conditional.suffix = QLatin1Char('@') + text;
            } else if (constraint.contains(QLatin1String("start_time"))) {
                const QString startText = constraint.value(QLatin1String("start_time")).toString();
                const QString endText = constraint.value(QLatin1String("end_time")).toString();
                const std::optional<qint64> start = parseTimeOfDay(startText);
                const std::optional<qint64> end = parseTimeOfDay(endText);
                if (!start || !end) {
                    setError(
                        error, QStringLiteral("invalid time window \"%1\"-\"%2\"").arg(startText, endText));
                    return std::nullopt;
                }
                conditional.kind = Conditional::Kind::TimeOfDay;
                conditional.startMs = *start;
                conditional.endMs = *end;
                conditional.suffix = QLatin1Char('@') + startText + QLatin1Char('-') + endText;
            } else {
                // A constraint kind newer than this code: never in force, so the snapshot still loads
                // and the model falls back to its other prices.
                conditional.kind = Conditional::Kind::Never;
            }
        } else if (!constraintValue.isUndefined() && !constraintValue.isNull()) {
            setError(error, QStringLiteral("constraint must be an object"));
            return std::nullopt;
        }
        model.m_conditionals.push_back(std::move(conditional));
    }
    return model;
}

bool PriceModel::Conditional::isActive(qint64 day, qint64 msOfDay) const
{
    switch (kind) {
    case Kind::Always:
        return true;
    case Kind::Never:
        return false;
    case Kind::StartDate:
        return day >= startDay;
    case Kind::TimeOfDay:
        if (startMs <= endMs)
            return msOfDay >= startMs && msOfDay < endMs;
        return msOfDay >= startMs || msOfDay < endMs;
    }
    return false;
}

const PriceModel::Conditional& PriceModel::select(qint64 timestampMs) const
{
    if (m_conditionals.size() == 1)
        return m_conditionals.front();
    const qint64 day = floorDiv(timestampMs, kMsPerDay);
    const qint64 msOfDay = timestampMs - day * kMsPerDay;
    for (auto it = m_conditionals.rbegin(); it != m_conditionals.rend(); ++it) {
        if (it->isActive(day, msOfDay))
            return *it;
    }
    return m_conditionals.front();
}

std::optional<double> PriceModel::cost(const TokenCounts& tokens, qint64 timestampMs, QString* suffix) const
{
    const Conditional& chosen = select(timestampMs);
    if (suffix)
        *suffix = chosen.suffix;
    const Prices& prices = chosen.prices;
    if (!prices.isPriced())
        return std::nullopt;
    if (tokens.isZero())
        return 0.0;

    const qint64 prompt = tokens.promptTokens();
    const double input = prices.input ? prices.input->at(prompt) : 0.0;
    const double output = prices.output ? prices.output->at(prompt) : 0.0;
    const double cacheRead = prices.cacheRead ? prices.cacheRead->at(prompt) : input;
    const double cacheWrite = prices.cacheWrite ? prices.cacheWrite->at(prompt) : input;

    double total
        = (double(tokens.input) * input + double(tokens.cacheRead) * cacheRead
              + double(tokens.cacheWrite5m) * cacheWrite + double(tokens.cacheWrite1h) * (2.0 * input)
              + double(tokens.output + tokens.reasoning) * output)
        / kPerMillion;
    if (prices.requestsKcount)
        total += *prices.requestsKcount / 1000.0;
    return total;
}
