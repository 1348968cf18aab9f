// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <QByteArray>
#include <QString>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

// A prepared statement on the raw SQLite API. The store talks to SQLite directly rather than through
// QtSql: the ingest hot path binds millions of values, and QVariant boxing plus UTF-16 round trips
// cost more than the insert itself. Move-only; finalises on destruction.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* db, std::string_view sql);
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    bool isValid() const { return m_stmt != nullptr; }

    // Parameters are 1-based, as in SQLite.
    void bind(int index, long long value);
    void bind(int index, long value) { bind(index, static_cast<long long>(value)); }
    void bind(int index, int value) { bind(index, static_cast<long long>(value)); }
    void bind(int index, double value);
    void bind(int index, std::string_view utf8);
    void bind(int index, const QByteArray& utf8);
    void bind(int index, const QString& text);
    void bindBlob(int index, const QByteArray& data);
    void bindNull(int index);
    void bind(int index, const std::optional<double>& value);
    void bind(int index, const std::optional<qint64>& value);
    // Binds NULL for an empty byte array: absent text is NULL in the store, never ''.
    void bindOrNull(int index, const QByteArray& utf8);
    // Bind without copying: the bytes must stay alive and unchanged until the statement is reset. For
    // the ingest hot path, where a batch's records outlive the insert; copying every string cost about
    // 5 % of the writer thread.
    void bindView(int index, std::string_view utf8);
    void bindView(int index, const QByteArray& utf8);
    void bindViewOrNull(int index, const QByteArray& utf8);
    // A temporary dies before the step: bind() it instead.
    void bindView(int index, QByteArray&& utf8) = delete;
    void bindViewOrNull(int index, QByteArray&& utf8) = delete;

    // Steps once; returns true while a row is available. Throws StoreError on failure.
    bool step();
    // Steps a statement that returns no rows, then resets it for reuse.
    void execute();
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<qint64> optionalInt64(int column) const;
    QByteArray bytes(int column) const;
    // Valid until the next step() or reset(); no copy.
    std::string_view view(int column) const;
    QString text(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};
