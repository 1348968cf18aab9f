// SPDX-License-Identifier: MIT
#include "rootpaths.h"

#include <QDir>
#include <QFileInfo>

QString RootPaths::absolute(const QString& path)
{
    return QDir::cleanPath(QFileInfo(QDir::fromNativeSeparators(path)).absoluteFilePath());
}

QStringList RootPaths::splitList(const QString& value)
{
    QStringList result;
    for (const QString& part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            result << absolute(trimmed);
    }
    return result;
}

QStringList RootPaths::splitEach(const QStringList& values)
{
    QStringList result;
    for (const QString& value : values)
        result << splitList(value);
    return result;
}

QString RootPaths::homeDirectory()
{
    const QString home = qEnvironmentVariable("HOME");
    return home.isEmpty() ? QDir::homePath() : home;
}
