// SPDX-License-Identifier: MIT
#pragma once

#include "store/sqlitestatement.h"

#include <QByteArray>
#include <QSet>
#include <QString>
#include <string_view>

struct sqlite3;

// A read-only connection to one of OpenCode's databases while OpenCode may be writing to it
// (formats.md §1.3, §4.1): opened as a `file:...?mode=ro` URI, never immutable (OpenCode runs in WAL
// mode, and immutable would ignore the -wal file and read torn pages), with a busy timeout for the
// moments a checkpoint holds the lock. Columns are looked up with PRAGMA table_info, because the
// schema changed between versions (session.cost and tokens_* arrived in v1.16).
class OpenCodeDatabase
{
public:
    OpenCodeDatabase() = default;
    ~OpenCodeDatabase();
    OpenCodeDatabase(const OpenCodeDatabase&) = delete;
    OpenCodeDatabase& operator=(const OpenCodeDatabase&) = delete;

    bool open(const QString& path, QString* error);
    bool isOpen() const { return m_db != nullptr; }
    // The table's columns, empty when the table does not exist.
    QSet<QByteArray> columns(std::string_view table);
    // Throws StoreError when the statement does not compile.
    SqliteStatement prepare(std::string_view sql);
    // BEGIN/COMMIT of a read transaction: every query of one sync sees the same snapshot.
    bool exec(const char* sql, QString* error);
    QString lastError() const;

private:
    sqlite3* m_db = nullptr;
};
