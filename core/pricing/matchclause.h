// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <QStringView>
#include <vector>

// One genai-prices match clause (equals, starts_with, ends_with, contains, regex, or, and), used
// for model ids, provider model_match and provider_match. Text comparisons are case-insensitive:
// callers pass lower-cased text and the clause's own strings are lower-cased when parsed, as the
// reference implementation does. A regex is searched (not anchored) in the lower-cased text with
// its pattern left as written, again like the reference (Python re.search).
class MatchClause
{
public:
    enum class Kind
    {
        Never,
        Equals,
        StartsWith,
        EndsWith,
        Contains,
        Regex,
        Or,
        And
    };

    MatchClause() = default;

    // A clause the data format may grow later (an unknown key) parses to a clause that never
    // matches, so a newer snapshot still loads; malformed known clauses are errors.
    static std::optional<MatchClause> fromJson(const QJsonValue& value, QString* error);

    // text must already be lower-cased.
    bool matches(QStringView text) const;

    Kind kind() const { return m_kind; }

private:
    Kind m_kind = Kind::Never;
    QString m_text;
    QRegularExpression m_regex;
    std::vector<MatchClause> m_children;
};
