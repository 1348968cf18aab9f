// SPDX-License-Identifier: MIT
#pragma once

#include "isotime.h"

#include <QByteArray>
#include <simdjson.h>
#include <string_view>

// Lenient readers of simdjson values shared by the source parsers: a field of the wrong type reads
// as empty or zero instead of failing the line, because every agent's format has changed under us
// and a line with one odd field still carries usable data.
namespace JsonValue {
// Token counts beyond this are corrupt data, not usage (2^40, about a trillion).
constexpr qint64 kMaxTokens = qint64(1) << 40;

inline std::string_view toString(simdjson::dom::element value)
{
    std::string_view s;
    if (value.get_string().get(s))
        return {};
    return s;
}

inline bool toBool(simdjson::dom::element value)
{
    bool b = false;
    if (value.get_bool().get(b))
        return false;
    return b;
}

// A number of any JSON kind as a double; 0 when it is not a number.
inline double toDouble(simdjson::dom::element value)
{
    double d = 0;
    if (!value.get_double().get(d))
        return d;
    int64_t i = 0;
    if (!value.get_int64().get(i))
        return double(i);
    return 0;
}

// A time written as epoch milliseconds (an integer or a float), held to IsoTime's range; 0 (unknown)
// for anything else.
inline qint64 toEpochMs(simdjson::dom::element value)
{
    int64_t i = 0;
    if (!value.get_int64().get(i))
        return IsoTime::fromMs(i);
    double d = 0;
    if (!value.get_double().get(d))
        return d > 0 && d <= double(IsoTime::kMaxMs) ? qint64(d) : 0;
    return 0;
}

namespace Detail {
inline bool isNull(simdjson::dom::element value)
{
    return value.is_null();
}
inline bool isNull(simdjson::ondemand::value value)
{
    bool null = false;
    return !value.is_null().get(null) && null;
}

// Either API: a failed read of an On-Demand value does not move it on, so each kind is tried in turn.
template <typename Value> qint64 count(Value value, qint64 max)
{
    int64_t i = 0;
    if (!value.get_int64().get(i))
        return i >= 0 && i <= max ? qint64(i) : -1;
    uint64_t u = 0;
    if (!value.get_uint64().get(u))
        return -1; // above the int64 range
    double d = 0;
    if (!value.get_double().get(d))
        return d >= 0 && d <= double(max) ? qint64(d) : -1; // also rejects NaN
    return isNull(value) ? 0 : -1;
}
} // namespace Detail

// A non-negative count up to max: null reads as 0; a negative, too large, non-finite or non-numeric
// value as -1, so that the caller can count the line as malformed instead of storing nonsense.
inline qint64 toCount(simdjson::dom::element value, qint64 max = kMaxTokens)
{
    return Detail::count(value, max);
}
inline qint64 toCount(simdjson::ondemand::value value, qint64 max = kMaxTokens)
{
    return Detail::count(value, max);
}

inline QByteArray bytes(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

// For comparing with a stored QByteArray without copying.
inline QByteArrayView bytesView(std::string_view view)
{
    return QByteArrayView(view.data(), qsizetype(view.size()));
}
} // namespace JsonValue
