// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrlQuery>

// Reads a request's query parameters with their defaults and ranges. The first bad value is kept as
// an error message; the route answers 400 with it instead of guessing (architecture.md §6).
class QueryParams
{
public:
    explicit QueryParams(const QUrlQuery& query)
        : m_query(query)
    { }

    bool has(const char* name) const;
    // A whole number in [min, max]; `def` when absent or empty.
    int integer(const char* name, int def, int min, int max);
    // true/false/1/0/yes/no; `def` when absent.
    bool boolean(const char* name, bool def);
    // Fully decoded text, at most maxLength characters.
    QString text(const char* name, const QString& def = {}, int maxLength = 500);
    // One of the allowed values (compared case-insensitively, returned as listed); `def` when absent.
    QString choice(const char* name, const QStringList& allowed, const QString& def = {});

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    void fail(const QString& message);

private:
    QString raw(const char* name) const;

    QUrlQuery m_query;
    QString m_error;
};
