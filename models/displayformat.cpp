// SPDX-License-Identifier: MIT
#include "displayformat.h"

#include <algorithm>
#include <cmath>
#include <QCoreApplication>
#include <QLocale>

QString DisplayFormat::money(std::optional<double> dollars)
{
    if (!dollars)
        return QCoreApplication::translate("DisplayFormat", "unpriced");
    const double value = *dollars;
    const QLocale locale;
    if (value != 0 && std::abs(value) < 1) {
        // Sub-dollar amounts are most sessions' costs; two decimals would show most of them as $0.00.
        const int decimals = std::clamp(2 - int(std::floor(std::log10(std::abs(value)))), 2, 6);
        return QLatin1Char('$') + locale.toString(value, 'f', decimals);
    }
    return QLatin1Char('$') + locale.toString(value, 'f', 2);
}

QString DisplayFormat::money(double dollars, qint64 unpricedRequests)
{
    if (unpricedRequests <= 0)
        return money(dollars);
    return QCoreApplication::translate("DisplayFormat", "%1 + %n unpriced", nullptr, int(unpricedRequests))
        .arg(money(dollars));
}

QString DisplayFormat::tokens(qint64 count)
{
    const QLocale locale;
    const double value = double(count);
    if (std::abs(value) < 1000)
        return locale.toString(count);
    if (std::abs(value) < 1e6)
        return locale.toString(value / 1e3, 'f', value < 1e4 ? 2 : 1) + QLatin1Char('k');
    if (std::abs(value) < 1e9)
        return locale.toString(value / 1e6, 'f', value < 1e7 ? 2 : 1) + QLatin1Char('M');
    return locale.toString(value / 1e9, 'f', 2) + QLatin1Char('B');
}

QString DisplayFormat::duration(qint64 milliseconds)
{
    if (milliseconds < 0)
        return QStringLiteral("–");
    if (milliseconds < 1000)
        return QCoreApplication::translate("DisplayFormat", "%1 ms").arg(milliseconds);
    const qint64 seconds = milliseconds / 1000;
    if (seconds < 60)
        return QCoreApplication::translate("DisplayFormat", "%1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("DisplayFormat", "%1 min %2 s")
            .arg(seconds / 60)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QCoreApplication::translate("DisplayFormat", "%1 h %2 min")
        .arg(seconds / 3600)
        .arg(seconds % 3600 / 60, 2, 10, QLatin1Char('0'));
}

QString DisplayFormat::percent(double fraction)
{
    return QLocale().toString(fraction * 100, 'f', 1) + QStringLiteral(" %");
}
