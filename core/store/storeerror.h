// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <stdexcept>

// Raised by the store for failures that the caller cannot recover from locally (disk full, corrupt
// file, schema newer than this build). Carries SQLite's message so the CLI can print it verbatim.
class StoreError : public std::runtime_error
{
public:
    explicit StoreError(const QString& message)
        : std::runtime_error(message.toStdString())
    { }
    QString message() const { return QString::fromStdString(what()); }
};
