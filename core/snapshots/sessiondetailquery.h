// SPDX-License-Identifier: MIT
#pragma once

#include "reports/reportoptions.h"
#include "sessiondetail.h"

class Database;

// Loads the Sessions page's detail pane for one session (by sessions.id), on QueryRunner's pool.
class SessionDetailQuery
{
public:
    // Costs, the timeline's included, in `mode`.
    static SessionDetail load(Database& db, qint64 rowId, ReportOptions::CostMode mode);
};
