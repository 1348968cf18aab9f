// SPDX-License-Identifier: MIT
#include "likepattern.h"

QString LikePattern::contains(const QString& needle)
{
    QString escaped;
    escaped.reserve(needle.size() + 8);
    for (const QChar c : needle) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}
