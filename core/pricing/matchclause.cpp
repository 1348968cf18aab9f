// SPDX-License-Identifier: MIT
#include "matchclause.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {
void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}
} // namespace

std::optional<MatchClause> MatchClause::fromJson(const QJsonValue& value, QString* error)
{
    if (!value.isObject() || value.toObject().isEmpty()) {
        setError(error, QStringLiteral("a match clause must be a non-empty object"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    // The discriminator is the object's only key (genai-prices' clause_discriminator takes the first).
    const QString key = object.constBegin().key();
    const QJsonValue argument = object.constBegin().value();

    MatchClause clause;
    if (key == QLatin1String("or") || key == QLatin1String("and")) {
        if (!argument.isArray()) {
            setError(error, QStringLiteral("match clause \"%1\" needs an array").arg(key));
            return std::nullopt;
        }
        clause.m_kind = key == QLatin1String("or") ? Kind::Or : Kind::And;
        const QJsonArray children = argument.toArray();
        clause.m_children.reserve(children.size());
        for (const QJsonValue& child : children) {
            std::optional<MatchClause> parsed = fromJson(child, error);
            if (!parsed)
                return std::nullopt;
            clause.m_children.push_back(std::move(*parsed));
        }
        return clause;
    }

    static const struct
    {
        QLatin1String name;
        Kind kind;
    } kTextKinds[] = {
        { QLatin1String("equals"), Kind::Equals },
        { QLatin1String("starts_with"), Kind::StartsWith },
        { QLatin1String("ends_with"), Kind::EndsWith },
        { QLatin1String("contains"), Kind::Contains },
        { QLatin1String("regex"), Kind::Regex },
    };
    for (const auto& textKind : kTextKinds) {
        if (key != textKind.name)
            continue;
        if (!argument.isString()) {
            setError(error, QStringLiteral("match clause \"%1\" needs a string").arg(key));
            return std::nullopt;
        }
        clause.m_kind = textKind.kind;
        if (textKind.kind == Kind::Regex) {
            clause.m_regex.setPattern(argument.toString());
            if (!clause.m_regex.isValid()) {
                setError(error,
                    QStringLiteral("invalid regex \"%1\": %2")
                        .arg(argument.toString(), clause.m_regex.errorString()));
                return std::nullopt;
            }
        } else {
            clause.m_text = argument.toString().toLower();
        }
        return clause;
    }
    clause.m_kind = Kind::Never;
    return clause;
}

bool MatchClause::matches(QStringView text) const
{
    switch (m_kind) {
    case Kind::Never:
        return false;
    case Kind::Equals:
        return text == m_text;
    case Kind::StartsWith:
        return text.startsWith(m_text);
    case Kind::EndsWith:
        return text.endsWith(m_text);
    case Kind::Contains:
        return text.contains(m_text);
    case Kind::Regex:
        return m_regex.match(text).hasMatch();
    case Kind::Or:
        for (const MatchClause& child : m_children) {
            if (child.matches(text))
                return true;
        }
        return false;
    case Kind::And:
        // Like Python's all(): an empty list matches.
        for (const MatchClause& child : m_children) {
            if (!child.matches(text))
                return false;
        }
        return true;
    }
    return false;
}
