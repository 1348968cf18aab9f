// SPDX-License-Identifier: MIT
#pragma once

#include "sessiondetail.h"

class Database;

// Loads the Sessions page's detail pane for one session (by sessions.id), on QueryRunner's pool.
class SessionDetailQuery
{
public:
    static SessionDetail load(Database& db, qint64 rowId);
};
