// SPDX-License-Identifier: MIT
#include "costcolumns.h"

#include <utility>

namespace {

std::string column(std::string_view table, std::string_view name)
{
    std::string qualified;
    if (!table.empty()) {
        qualified.append(table);
        qualified += '.';
    }
    qualified.append(name);
    return qualified;
}

// usage_rollup's cost and unpriced-request columns of a mode; display has no unpriced column.
std::pair<std::string_view, std::string_view> rollupColumns(ReportOptions::CostMode mode)
{
    switch (mode) {
    case ReportOptions::CostMode::Calculate:
        return { "computed_cost", "computed_unpriced" };
    case ReportOptions::CostMode::Display:
        return { "logged_cost", {} };
    case ReportOptions::CostMode::Auto:
        break;
    }
    return { "auto_cost", "auto_unpriced" };
}

} // namespace

std::string CostColumns::rollupCost(ReportOptions::CostMode mode, std::string_view table)
{
    return column(table, rollupColumns(mode).first);
}

std::string CostColumns::rollupUnpriced(ReportOptions::CostMode mode, std::string_view table)
{
    const std::string_view unpriced = rollupColumns(mode).second;
    return unpriced.empty() ? std::string("0") : column(table, unpriced);
}

std::string CostColumns::recordCost(ReportOptions::CostMode mode, std::string_view table)
{
    switch (mode) {
    case ReportOptions::CostMode::Calculate:
        return column(table, "computed_cost");
    case ReportOptions::CostMode::Display:
        return "COALESCE(" + column(table, "logged_cost") + ", 0)";
    case ReportOptions::CostMode::Auto:
        break;
    }
    return "COALESCE(" + column(table, "logged_cost") + ", " + column(table, "computed_cost") + ")";
}

std::optional<double> CostColumns::requestCost(
    ReportOptions::CostMode mode, const ChangeNotice::Usage& request)
{
    switch (mode) {
    case ReportOptions::CostMode::Calculate:
        return request.computedCost;
    case ReportOptions::CostMode::Display:
        return request.loggedCost.value_or(0);
    case ReportOptions::CostMode::Auto:
        break;
    }
    return request.cost; // the feed's own auto cost (recordCost(Auto) in SQL)
}
