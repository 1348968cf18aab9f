// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// A 64-bit FNV-1a hash that is the same in every process and version, unlike qHash (seeded per
// process). Stored in the database as the key of the dedup indexes: an 8-byte integer index is far
// cheaper to maintain under random inserts than one over 30-byte random ids. Collisions are harmless:
// every lookup compares the full key text.
class StableHash
{
public:
    static qint64 of(QByteArrayView bytes)
    {
        quint64 hash = 14695981039346656037ULL;
        for (char c : bytes) {
            hash ^= quint8(c);
            hash *= 1099511628211ULL;
        }
        return qint64(hash);
    }
};
