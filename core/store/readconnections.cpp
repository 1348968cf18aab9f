// SPDX-License-Identifier: MIT
#include "readconnections.h"

#include "database.h"

#include <map>
#include <memory>

Database& ReadConnections::forCurrentThread(const QString& path)
{
    thread_local std::map<QString, std::unique_ptr<Database>> connections;
    std::unique_ptr<Database>& connection = connections[path];
    if (!connection) {
        // Kept only once open: a failed open (the file is gone) is tried again by the next call.
        auto opened = std::make_unique<Database>();
        opened->open(path, Database::Mode::ReadOnly);
        connection = std::move(opened);
    }
    return *connection;
}
