// SPDX-License-Identifier: MIT
#include "sessionscope.h"

#include "store/database.h"

std::optional<SessionScope> SessionScope::find(
    Database& db, const QString& externalId, const QString& source, bool includeChildren)
{
    // sessions_external finds the candidates; there are one or two.
    SqliteStatement query
        = db.prepare("SELECT s.id, so.name, (SELECT COUNT(*) FROM sessions o WHERE o.external_id = ?1) "
                     "FROM sessions s JOIN sources so ON so.id = s.source_id "
                     "WHERE s.external_id = ?1 AND (?2 = '' OR so.name = ?2) "
                     "ORDER BY s.last_ts DESC, s.id DESC LIMIT 1");
    query.bind(1, externalId);
    query.bind(2, source);
    if (!query.step())
        return std::nullopt;
    SessionScope scope;
    scope.rowId = query.int64(0);
    scope.externalId = externalId;
    scope.source = query.text(1);
    scope.sourcesWithId = int(query.int64(2));
    scope.includeChildren = includeChildren;
    return scope;
}

void SessionScope::bind(SqliteStatement& statement) const
{
    statement.bind(1, rowId);
    statement.bind(2, includeChildren ? 1 : 0);
}

QJsonObject SessionScope::identity(bool withChildrenFlag) const
{
    QJsonObject object { { QStringLiteral("session_id"), externalId }, { QStringLiteral("source"), source },
        { QStringLiteral("sources_with_id"), sourcesWithId } };
    if (withChildrenFlag)
        object.insert(QStringLiteral("include_children"), includeChildren);
    return object;
}
