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
};
