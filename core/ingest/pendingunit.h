// SPDX-License-Identifier: MIT
#pragma once

#include "domain/filecursor.h"
#include "sourceadapter.h"

#include <QString>

// A unit a run reads: its identity and size now, and where to start (the cursor's offset and parser
// state) or whether to read it again from the start.
struct PendingUnit
{
    QString path;
    SourceAdapter::UnitKind kind = SourceAdapter::UnitKind::Lines;
    FileCursor cursor;
    bool reset = false;
};
