// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonObject>
#include <QString>
#include <string>
#include <string_view>

class Database;
class SqliteStatement;

// The session a /api/session/<id>/... route is about, and which sessions its figures cover: the
// session alone, or with every sub-agent session below it (at any depth).
//
// The id in the URL is sessions.external_id. Two sources can log the same id (a copied transcript,
// an id scheme that collides); then `source=<name>` picks one, and without it the session that was
// active most recently answers (ties: the one stored last). `sources_with_id` in the answers says how
// many sources have the id, so a client can tell that it may want another one.
class SessionScope
{
public:
    static std::optional<SessionScope> find(
        Database& db, const QString& externalId, const QString& source, bool includeChildren);

    // "WITH RECURSIVE scope(id, depth) AS (...)" over ?1 (the session's row id) and ?2 (1 with
    // children): a query starts with it, reads `scope`, and numbers its own parameters from ?3.
    // It is seeded by the one row and walks sessions_parent, unlike the session_descendants view,
    // which builds the tree of every session before it can filter.
    static constexpr const char* kCte = "WITH RECURSIVE scope(id, depth) AS (SELECT ?1, 0 UNION ALL "
                                        "SELECT s.id, scope.depth + 1 FROM sessions s JOIN scope ON "
                                        "s.parent_id = scope.id WHERE ?2 AND scope.depth < 64) ";
    static std::string withCte(std::string_view sql) { return std::string(kCte) + std::string(sql); }
    void bind(SqliteStatement& statement) const;

    // {session_id, source, sources_with_id[, include_children]}: what every answer starts with.
    QJsonObject identity(bool withChildrenFlag = true) const;

    qint64 rowId = 0;
    QString externalId;
    QString source;
    int sourcesWithId = 1;
    bool includeChildren = true;
};
