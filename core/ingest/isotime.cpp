// SPDX-License-Identifier: MIT
#include "isotime.h"

namespace {
bool digits(std::string_view text, size_t pos, size_t count, int& value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    return true;
}
} // namespace

qint64 IsoTime::parseAnyMs(std::string_view t)
{
    int year, month, day, hour, minute, second;
    if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') || t[13] != ':'
        || t[16] != ':')
        return 0;
    if (!digits(t, 0, 4, year) || !digits(t, 5, 2, month) || !digits(t, 8, 2, day) || !digits(t, 11, 2, hour)
        || !digits(t, 14, 2, minute) || !digits(t, 17, 2, second))
        return 0;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return 0;
    size_t pos = 19;
    int millis = 0;
    if (pos < t.size() && t[pos] == '.') {
        ++pos;
        int scale = 100;
        while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
            millis += (t[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    qint64 offsetMinutes = 0;
    if (pos < t.size()) {
        const char sign = t[pos];
        if (sign == 'Z' || sign == 'z') {
            ++pos;
        } else if (sign == '+' || sign == '-') {
            int oh, om;
            if (!digits(t, pos + 1, 2, oh))
                return 0;
            size_t minutePos = pos + 3;
            if (minutePos < t.size() && t[minutePos] == ':')
                ++minutePos;
            if (!digits(t, minutePos, 2, om))
                return 0;
            offsetMinutes = (oh * 60 + om) * (sign == '-' ? -1 : 1);
            pos = minutePos + 2;
        }
    }
    if (pos != t.size())
        return 0;
    const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
    const qint64 seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return seconds * 1000 + millis;
}
