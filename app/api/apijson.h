// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonValue>
#include <QString>

class SqliteStatement;

// How every route writes the values the seeds share, so that all routes agree.
namespace ApiJson {

// Times are ISO 8601 in UTC with a Z ("2026-05-04T09:12:51Z"); milliseconds are kept when not zero.
QString isoTime(qint64 utcMs);
// A nullable integer or time column: null when the column is NULL.
QJsonValue integerOrNull(const SqliteStatement& row, int column);
QJsonValue timeOrNull(const SqliteStatement& row, int column);
QJsonValue textOrNull(const SqliteStatement& row, int column);
QJsonValue realOrNull(const SqliteStatement& row, int column);
// The same for values already read into a snapshot (core/snapshots, ChangeNotice).
QJsonValue integerOrNull(const std::optional<qint64>& value);
QJsonValue timeOrNull(const std::optional<qint64>& utcMs);
QJsonValue textOrNull(const std::optional<QString>& text);
QJsonValue realOrNull(const std::optional<double>& value);
// Text read without its NULL: empty is null (absent text is NULL in the store, never '').
QJsonValue textOrNull(const QString& text);

} // namespace ApiJson
