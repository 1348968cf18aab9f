// SPDX-License-Identifier: MIT
#pragma once

#include "report.h"

#include <QJsonObject>

// Reports for people (aligned text tables) and for scripts (stable JSON whose field names follow
// ccusage's --json output, so existing scripts keep working, plus our extra buckets).
class ReportFormatter
{
public:
    static QString toTable(const Report& report);
    static QJsonObject toJson(const Report& report);
    static QByteArray toJsonText(const Report& report);
};
