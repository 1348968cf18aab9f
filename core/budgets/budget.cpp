// SPDX-License-Identifier: MIT
#include "budget.h"

#include <array>
#include <utility>

namespace {
constexpr std::array kPeriods { std::pair { Budget::Period::Day, "day" },
    std::pair { Budget::Period::Week, "week" }, std::pair { Budget::Period::Month, "month" } };
constexpr std::array kScopes { std::pair { Budget::Scope::All, "all" },
    std::pair { Budget::Scope::Project, "project" }, std::pair { Budget::Scope::Agent, "agent" } };

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value)
{
    for (const auto& [candidate, name] : names) {
        if (candidate == value)
            return QLatin1String(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char*>, N>& names, const QString& name)
{
    for (const auto& [value, candidate] : names) {
        if (name == QLatin1String(candidate))
            return value;
    }
    return std::nullopt;
}
} // namespace

bool Budget::isActive() const
{
    return enabled && amount > 0 && (scope == Scope::All || !scopeValue.trimmed().isEmpty())
        && warnPercent > 0 && warnPercent <= alertPercent;
}

QString Budget::periodName(Period period)
{
    return nameOf(kPeriods, period);
}

std::optional<Budget::Period> Budget::periodFromName(const QString& name)
{
    return valueOf(kPeriods, name);
}

QString Budget::scopeName(Scope scope)
{
    return nameOf(kScopes, scope);
}

std::optional<Budget::Scope> Budget::scopeFromName(const QString& name)
{
    return valueOf(kScopes, name);
}
