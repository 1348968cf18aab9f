// SPDX-License-Identifier: MIT
#include "opencodedatabase.h"

#include "store/storeerror.h"

#include <QUrl>
#include <sqlite3.h>

namespace {
constexpr int kBusyTimeoutMs = 5000;
}

OpenCodeDatabase::~OpenCodeDatabase()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

bool OpenCodeDatabase::open(const QString& path, QString* error)
{
    // A URI so that mode=ro can be said; the path is percent-encoded because '?' and '#' are legal in
    // file names.
    const QByteArray uri = "file:" + QUrl::toPercentEncoding(path, "/") + "?mode=ro";
    const int rc = sqlite3_open_v2(uri.constData(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("cannot open");
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        return false;
    }
    sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
    return true;
}

QSet<QByteArray> OpenCodeDatabase::columns(std::string_view table)
{
    QSet<QByteArray> names;
    const std::string sql = "PRAGMA table_info(\"" + std::string(table) + "\")";
    SqliteStatement q(m_db, sql);
    while (q.step())
        names.insert(q.bytes(1));
    return names;
}

SqliteStatement OpenCodeDatabase::prepare(std::string_view sql)
{
    return SqliteStatement(m_db, sql);
}

bool OpenCodeDatabase::exec(const char* sql, QString* error)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    if (error)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
    sqlite3_free(message);
    return false;
}

QString OpenCodeDatabase::lastError() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
}
