// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class Database;

// Read-only connections for query threads (the API's thread and pools, the window's query pool): one per
// thread and database file, opened on first use and kept for the thread's life (architecture.md §3).
class ReadConnections
{
public:
    // Throws StoreError when the file cannot be opened; a later call tries again.
    static Database& forCurrentThread(const QString& path);
};
