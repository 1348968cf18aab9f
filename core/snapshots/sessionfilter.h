// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QMetaType>
#include <QString>

// Which root sessions the Sessions page lists. Every condition is optional; the empty filter lists all.
struct SessionFilter
{
    QString search; // in the title, the directory or any prompt's text (case-insensitive for ASCII)
    QString source; // sources.name
    QString model; // a model the session itself used
    // Sessions active in [fromMs, toMs): their last line at or after fromMs, their first before toMs.
    std::optional<qint64> fromMs;
    std::optional<qint64> toMs;

    bool isEmpty() const
    {
        return search.isEmpty() && source.isEmpty() && model.isEmpty() && !fromMs && !toMs;
    }
    friend bool operator==(const SessionFilter&, const SessionFilter&) = default;
};
Q_DECLARE_METATYPE(SessionFilter)
