// SPDX-License-Identifier: MIT
#include "reportoptions.h"

QString ReportOptions::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Daily:
        return QStringLiteral("daily");
    case Kind::Weekly:
        return QStringLiteral("weekly");
    case Kind::Monthly:
        return QStringLiteral("monthly");
    case Kind::Session:
        return QStringLiteral("session");
    case Kind::Blocks:
        return QStringLiteral("blocks");
    case Kind::Agents:
        return QStringLiteral("agents");
    }
    return {};
}

QString ReportOptions::modeName(CostMode mode)
{
    switch (mode) {
    case CostMode::Auto:
        return QStringLiteral("auto");
    case CostMode::Calculate:
        return QStringLiteral("calculate");
    case CostMode::Display:
        return QStringLiteral("display");
    }
    return {};
}
