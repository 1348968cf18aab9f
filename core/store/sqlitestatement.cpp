// SPDX-License-Identifier: MIT
#include "sqlitestatement.h"

#include "storeerror.h"

#include <sqlite3.h>

namespace {
[[noreturn]] void fail(sqlite3* db, const char* what)
{
    throw StoreError(
        QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromUtf8(sqlite3_errmsg(db))));
}

// SQLITE_TRANSIENT copies the bytes; SQLITE_STATIC keeps a pointer to them until the next reset.
void bindText(
    sqlite3* db, sqlite3_stmt* stmt, int index, std::string_view utf8, sqlite3_destructor_type lifetime)
{
    if (sqlite3_bind_text(stmt, index, utf8.data(), static_cast<int>(utf8.size()), lifetime) != SQLITE_OK)
        fail(db, "bind");
}
} // namespace

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql)
    : m_db(db)
{
    if (sqlite3_prepare_v3(
            db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr)
        != SQLITE_OK) {
        const QString message = QString::fromUtf8(sqlite3_errmsg(db));
        throw StoreError(
            QStringLiteral("prepare failed: %1 in: %2")
                .arg(message, QString::fromUtf8(sql.data(), static_cast<qsizetype>(sql.size()))));
    }
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int index, long long value)
{
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
        fail(m_db, "bind");
}

void SqliteStatement::bind(int index, double value)
{
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK)
        fail(m_db, "bind");
}

void SqliteStatement::bind(int index, std::string_view utf8)
{
    bindText(m_db, m_stmt, index, utf8, SQLITE_TRANSIENT);
}

void SqliteStatement::bindBlob(int index, const QByteArray& data)
{
    if (sqlite3_bind_blob(m_stmt, index, data.constData(), static_cast<int>(data.size()), SQLITE_TRANSIENT)
        != SQLITE_OK)
        fail(m_db, "bind");
}

void SqliteStatement::bind(int index, const QByteArray& utf8)
{
    bind(index, std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())));
}

void SqliteStatement::bind(int index, const QString& text)
{
    bind(index, text.toUtf8());
}

void SqliteStatement::bindNull(int index)
{
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK)
        fail(m_db, "bind");
}

void SqliteStatement::bind(int index, const std::optional<double>& value)
{
    value ? bind(index, *value) : bindNull(index);
}

void SqliteStatement::bind(int index, const std::optional<qint64>& value)
{
    value ? bind(index, *value) : bindNull(index);
}

void SqliteStatement::bindOrNull(int index, const QByteArray& utf8)
{
    utf8.isEmpty() ? bindNull(index) : bind(index, utf8);
}

void SqliteStatement::bindView(int index, std::string_view utf8)
{
    bindText(m_db, m_stmt, index, utf8, SQLITE_STATIC);
}

void SqliteStatement::bindView(int index, const QByteArray& utf8)
{
    bindView(index, std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())));
}

void SqliteStatement::bindViewOrNull(int index, const QByteArray& utf8)
{
    utf8.isEmpty() ? bindNull(index) : bindView(index, utf8);
}

bool SqliteStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(m_db, "step");
}

void SqliteStatement::execute()
{
    try {
        step();
    } catch (...) {
        reset(); // drop the bindings even then: bindView() ones point into the caller's data
        throw;
    }
    reset();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::optional<double> SqliteStatement::optionalReal(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return real(column);
}

std::optional<qint64> SqliteStatement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

QByteArray SqliteStatement::bytes(int column) const
{
    // sqlite3_column_blob() returns text columns' bytes too, without a conversion.
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return data ? QByteArray(data, sqlite3_column_bytes(m_stmt, column)) : QByteArray();
}

QString SqliteStatement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column)) : QString();
}

std::string_view SqliteStatement::view(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string_view(data, size_t(sqlite3_column_bytes(m_stmt, column))) : std::string_view();
}
