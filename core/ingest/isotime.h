// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>
#include <string_view>

// ISO-8601 timestamps as the agents write them ("2026-05-04T09:12:06.480Z", optional fraction,
// 'Z' or a ±hh:mm offset) to UTC milliseconds. Hand-written because it runs for every log line and
// QDateTime::fromString costs microseconds per call.
class IsoTime
{
public:
    // Returns 0 when the text is not a timestamp of that shape.
    static qint64 parseMs(std::string_view text);
    // Days since 1970-01-01 of a proleptic Gregorian date.
    static qint64 daysFromCivil(int year, unsigned month, unsigned day);

    // The latest time parseMs() can return: 9999-12-31T23:59:59.999Z. Times the agents write as numbers
    // are held to the same range, so that a damaged value (a sequence number, milliseconds taken for
    // seconds, INT64_MAX) reads as unknown instead of overflowing whatever adds to it later.
    static constexpr qint64 kMaxMs = 253402300799999;
    // Epoch milliseconds or seconds as UTC milliseconds; 0 (unknown) outside 1970 to 9999.
    static constexpr qint64 fromMs(qint64 ms) { return ms > 0 && ms <= kMaxMs ? ms : 0; }
    static constexpr qint64 fromSeconds(qint64 seconds)
    {
        return seconds > 0 && seconds <= kMaxMs / 1000 ? seconds * 1000 : 0;
    }
};
