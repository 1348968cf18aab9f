// SPDX-License-Identifier: MIT
#pragma once

#include "reports/reportoptions.h"

#include <functional>
#include <memory>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

class AppSettings;
class PriceBook;
class QueryRunner;
class StoreChanges;

// What every page of the window is given: where to run its queries (never on the GUI thread), where
// the store's change notices arrive, and the settings. The objects outlive the pages.
struct PageContext
{
    QueryRunner* queries = nullptr;
    StoreChanges* changes = nullptr;
    AppSettings* settings = nullptr; // may be null in tests
    QTimeZone timeZone = QTimeZone::systemTimeZone(); // day boundaries of "today", charts
    // Prices for what the store does not hold per request (cost by token component, cache savings);
    // null: the embedded price book.
    std::shared_ptr<const PriceBook> prices {};
    // Which cost every page shows (the settings' cost mode, as `report --mode`).
    ReportOptions::CostMode costMode = ReportOptions::CostMode::Auto;
    // "Now" for what is today, this week, the last hour; null: the system clock. Tests and benchmarks
    // set it to their data's time.
    std::function<QDateTime()> clock {};
    QDateTime now() const { return clock ? clock() : QDateTime::currentDateTimeUtc(); }
};
