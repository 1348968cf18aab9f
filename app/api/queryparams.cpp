// SPDX-License-Identifier: MIT
#include "queryparams.h"

#include <QStringList>

bool QueryParams::has(const char* name) const
{
    return m_query.hasQueryItem(QString::fromLatin1(name));
}

QString QueryParams::raw(const char* name) const
{
    // Qt<6.5: the default PrettyDecoded mode leaves %2F encoded and never turns '+' into a space
    // (qt-notes.md §2.2), so values are read fully decoded and '+' is taken as a space like forms do.
    QString value = m_query.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
    return value;
}

void QueryParams::fail(const QString& message)
{
    if (m_error.isEmpty())
        m_error = message;
}

int QueryParams::integer(const char* name, int def, int min, int max)
{
    const QString value = raw(name).trimmed();
    if (value.isEmpty())
        return def;
    bool ok = false;
    const qlonglong number = value.toLongLong(&ok);
    if (!ok) {
        fail(QStringLiteral("parameter '%1' must be a whole number, got '%2'")
                 .arg(QLatin1String(name), value.left(40)));
        return def;
    }
    if (number < min || number > max) {
        fail(QStringLiteral("parameter '%1' must be between %2 and %3, got %4")
                 .arg(QLatin1String(name))
                 .arg(min)
                 .arg(max)
                 .arg(number));
        return def;
    }
    return int(number);
}

bool QueryParams::boolean(const char* name, bool def)
{
    const QString value = raw(name).trimmed().toLower();
    if (value.isEmpty())
        return def;
    if (value == QLatin1String("true") || value == QLatin1String("1") || value == QLatin1String("yes"))
        return true;
    if (value == QLatin1String("false") || value == QLatin1String("0") || value == QLatin1String("no"))
        return false;
    fail(QStringLiteral("parameter '%1' must be true or false, got '%2'")
             .arg(QLatin1String(name), value.left(40)));
    return def;
}

QString QueryParams::text(const char* name, const QString& def, int maxLength)
{
    if (!has(name))
        return def;
    QString value = raw(name);
    value.replace(QLatin1Char('+'), QLatin1Char(' '));
    if (value.size() > maxLength) {
        fail(QStringLiteral("parameter '%1' is longer than %2 characters")
                 .arg(QLatin1String(name))
                 .arg(maxLength));
        return def;
    }
    return value;
}

QString QueryParams::choice(const char* name, const QStringList& allowed, const QString& def)
{
    const QString value = raw(name).trimmed();
    if (value.isEmpty())
        return def;
    for (const QString& candidate : allowed) {
        if (candidate.compare(value, Qt::CaseInsensitive) == 0)
            return candidate;
    }
    fail(QStringLiteral("parameter '%1' must be one of %2, got '%3'")
             .arg(QLatin1String(name), allowed.join(QStringLiteral(", ")), value.left(40)));
    return def;
}
