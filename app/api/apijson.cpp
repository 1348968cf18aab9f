// SPDX-License-Identifier: MIT
#include "apijson.h"

#include "store/sqlitestatement.h"

#include <QDateTime>

namespace ApiJson {

QString isoTime(qint64 utcMs)
{
    // Qt::UTC, not QTimeZone::utc(): a QDateTime in a QTimeZone writes its offset as "+00:00", and the
    // seeds' times end in Z.
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC);
    return time.toString(utcMs % 1000 == 0 ? Qt::ISODate : Qt::ISODateWithMs);
}

QJsonValue integerOrNull(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? QJsonValue() : QJsonValue(row.int64(column));
}

QJsonValue timeOrNull(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? QJsonValue() : QJsonValue(isoTime(row.int64(column)));
}

QJsonValue textOrNull(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? QJsonValue() : QJsonValue(row.text(column));
}

QJsonValue realOrNull(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? QJsonValue() : QJsonValue(row.real(column));
}

QJsonValue integerOrNull(const std::optional<qint64>& value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue timeOrNull(const std::optional<qint64>& utcMs)
{
    return utcMs ? QJsonValue(isoTime(*utcMs)) : QJsonValue();
}

QJsonValue textOrNull(const std::optional<QString>& text)
{
    return text ? QJsonValue(*text) : QJsonValue();
}

QJsonValue realOrNull(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

} // namespace ApiJson
