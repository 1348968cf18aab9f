// SPDX-License-Identifier: MIT
#include "multirowinsert.h"

#include "storeerror.h"

#include <QtGlobal>

MultiRowInsert::MultiRowInsert(Database& db, std::string head, int parameters, std::string tail)
    : m_db(&db)
    , m_head(std::move(head))
    , m_tail(std::move(tail))
    , m_parameters(parameters)
{
    m_statements.resize(kMaxRows);
}

SqliteStatement& MultiRowInsert::forRows(int rows)
{
    Q_ASSERT(m_db && rows >= 1 && rows <= kMaxRows);
    SqliteStatement& statement = m_statements[size_t(rows - 1)];
    if (statement.isValid())
        return statement;
    std::string tuple = "(?";
    for (int parameter = 1; parameter < m_parameters; ++parameter)
        tuple += ", ?";
    tuple += ')';
    std::string sql = m_head;
    for (int row = 0; row < rows; ++row)
        sql += row == 0 ? tuple : ", " + tuple;
    sql += m_tail;
    statement = m_db->prepare(sql);
    return statement;
}

void MultiRowInsert::checkLastRowId(qint64 expected) const
{
    // The stores count the rowids SQLite gives new rows (binding them made SQLite seek each one).
    if (m_db->lastInsertRowId() != expected)
        throw StoreError(QStringLiteral("%1: rows stored under other rowids than counted (%2, not %3)")
                             .arg(QString::fromStdString(m_head.substr(0, m_head.find('('))))
                             .arg(m_db->lastInsertRowId())
                             .arg(expected));
}
