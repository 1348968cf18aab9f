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
    static qint64 parseMs(std::string_view text)
    {
        qint64 ms = 0;
        return parseCanonicalMs(text, &ms) ? ms : parseAnyMs(text);
    }
    // The form the agents write nearly always, "YYYY-MM-DDTHH:MM:SS.mmmZ" (24 bytes): true with *ms set
    // when text is a valid time of exactly that form, false for anything else (parseAnyMs() decides).
    // Read without a loop or a call: it runs for nearly every log line (about 4 % of a cold Codex load's
    // parsing went to parseMs() before).
    static bool parseCanonicalMs(std::string_view text, qint64* ms)
    {
        if (text.size() != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
            return false;
        const auto digit = [&text](size_t i) { return unsigned(static_cast<unsigned char>(text[i])) - '0'; };
        const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), mo0 = digit(5),
                       mo1 = digit(6), d0 = digit(8), d1 = digit(9), h0 = digit(11), h1 = digit(12),
                       mi0 = digit(14), mi1 = digit(15), s0 = digit(17), s1 = digit(18), f0 = digit(20),
                       f1 = digit(21), f2 = digit(22);
        // A byte below '0' wraps around to a large value: one comparison per digit, no branch each.
        if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (mo0 > 9) | (mo1 > 9) | (d0 > 9) | (d1 > 9) | (h0 > 9)
            | (h1 > 9) | (mi0 > 9) | (mi1 > 9) | (s0 > 9) | (s1 > 9) | (f0 > 9) | (f1 > 9) | (f2 > 9))
            return false;
        const unsigned month = mo0 * 10 + mo1, day = d0 * 10 + d1, hour = h0 * 10 + h1,
                       minute = mi0 * 10 + mi1, second = s0 * 10 + s1;
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
            return false;
        const int year = int(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
        const qint64 days = daysFromCivil(year, month, day);
        *ms = (days * 86400 + hour * 3600 + minute * 60 + second) * 1000 + f0 * 100 + f1 * 10 + f2;
        return true;
    }
    // Any form parseMs() reads, without the shortcut.
    static qint64 parseAnyMs(std::string_view text);
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static constexpr qint64 daysFromCivil(int year, unsigned month, unsigned day)
    {
        year -= month <= 2;
        const qint64 era = (year >= 0 ? year : year - 399) / 400;
        const unsigned yoe = static_cast<unsigned>(year - era * 400);
        const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + static_cast<qint64>(doe) - 719468;
    }

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
