// SPDX-License-Identifier: MIT
#include "multirowinsert.h"

#include <QtGlobal>

MultiRowInsert::MultiRowInsert(Database& db, std::string head, std::string tuple, int parameters)
    : m_db(&db)
    , m_head(std::move(head))
    , m_tuple(std::move(tuple))
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
    std::string sql = m_head;
    for (int row = 0; row < rows; ++row) {
        if (row > 0)
            sql += ", ";
        // The tuple with each ?N as ?(row * parameters + N).
        for (size_t i = 0; i < m_tuple.size(); ++i) {
            sql += m_tuple[i];
            if (m_tuple[i] != '?')
                continue;
            int number = 0;
            size_t end = i + 1;
            while (end < m_tuple.size() && m_tuple[end] >= '0' && m_tuple[end] <= '9')
                number = number * 10 + (m_tuple[end++] - '0');
            Q_ASSERT(end > i + 1 && number >= 1 && number <= m_parameters);
            sql += std::to_string(row * m_parameters + number);
            i = end - 1;
        }
    }
    statement = m_db->prepare(sql);
    return statement;
}
