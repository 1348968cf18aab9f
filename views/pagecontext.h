// SPDX-License-Identifier: MIT
#pragma once

#include "reports/reportoptions.h"

#include <QString>
#include <QTimeZone>

class AppSettings;
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
    // Which cost a page shows where it sums costs itself (the settings' cost mode, as `report --mode`).
    ReportOptions::CostMode costMode = ReportOptions::CostMode::Auto;
};
