// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"

#include <memory>
#include <QString>
#include <QStringList>

// One agent's logs: where they live and how to read a file of them (architecture.md §4).
class SourceAdapter
{
public:
    virtual ~SourceAdapter() = default;

    virtual int sourceId() const = 0; // sources.id
    virtual QString name() const = 0; // sources.name, e.g. "claude"
    virtual QStringList roots() const = 0; // the directories looked in, existing or not
    virtual QStringList discoverFiles() const = 0; // every log file below the roots, sorted
    virtual std::unique_ptr<LineParser> createParser(const QString& path) const = 0;
};
