// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"
#include "reportoptions.h"

#include <optional>
#include <string>
#include <string_view>

// How a cost mode reads the store, in one place for the reports, the window's queries and the budgets,
// so that `report --mode` and the window's setting cannot disagree. `table` is the alias the query gives
// usage_rollup or usage_records ("r", "u"), empty for none.
class CostColumns
{
public:
    // A usage_rollup sum's cost and unpriced-request columns. Display mode has no unpriced requests: a
    // request without a logged cost is shown as 0, as ccusage does.
    static std::string rollupCost(ReportOptions::CostMode mode, std::string_view table = {});
    static std::string rollupUnpriced(ReportOptions::CostMode mode, std::string_view table = {});
    // One usage_records row's cost; NULL when the request is unpriced in this mode.
    static std::string recordCost(ReportOptions::CostMode mode, std::string_view table = {});
    // The same for a request of a change notice; empty when it is unpriced in this mode.
    static std::optional<double> requestCost(
        ReportOptions::CostMode mode, const ChangeNotice::Usage& request);
};
