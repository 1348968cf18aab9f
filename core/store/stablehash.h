// SPDX-License-Identifier: MIT
#pragma once

#include <cstring>
#include <QByteArrayView>
#include <QtEndian>
#include <QtGlobal>

// A 64-bit hash that is the same in every process, version and machine, unlike qHash (seeded per
// process). Stored in the database as the key of the dedup indexes: an 8-byte integer index is far
// cheaper to maintain under random inserts than one over 30-byte random ids. Collisions are harmless:
// every lookup compares the full key text.
//
// It takes eight bytes a step, read little-endian so that the value does not depend on the machine.
// Schema 7 and older stored FNV-1a, a byte a step, each step a multiply waiting for the one before:
// 5 % of the store writer's time on a cold 1 GB Claude load (keys of 30-70 bytes). Migration 8
// computed every stored hash again with this one.
class StableHash
{
public:
    static qint64 of(QByteArrayView bytes)
    {
        const char* at = bytes.data();
        size_t left = size_t(bytes.size());
        // The length goes in first, so that keys differing only by trailing zero bytes differ.
        quint64 hash = kSeed ^ left;
        for (; left >= 8; at += 8, left -= 8)
            hash = fold(hash ^ qFromLittleEndian<quint64>(at), kStep);
        if (left > 0) {
            uchar tail[8] = {};
            std::memcpy(tail, at, left);
            hash = fold(hash ^ qFromLittleEndian<quint64>(tail), kStep);
        }
        return qint64(fold(hash, kFinal));
    }

    // fold() from 64-bit multiplies, for compilers without a 128-bit integer (public for its test).
    static quint64 foldPortable(quint64 value, quint64 factor)
    {
        const quint64 lo = (value & 0xffffffffULL) * (factor & 0xffffffffULL);
        const quint64 mid1 = (value >> 32) * (factor & 0xffffffffULL);
        const quint64 mid2 = (value & 0xffffffffULL) * (factor >> 32);
        const quint64 hi = (value >> 32) * (factor >> 32);
        const quint64 cross = (lo >> 32) + (mid1 & 0xffffffffULL) + (mid2 & 0xffffffffULL);
        const quint64 low = (cross << 32) | (lo & 0xffffffffULL);
        const quint64 high = hi + (mid1 >> 32) + (mid2 >> 32) + (cross >> 32);
        return low ^ high;
    }

    // The full 128-bit product with both halves folded together: every bit of the result depends on
    // every bit of value. (The low half alone would not do: its top bit flips exactly when value's
    // does, so a flip there and a flip in the next word could cancel out.)
    static quint64 fold(quint64 value, quint64 factor)
    {
#ifdef __SIZEOF_INT128__
        __extension__ typedef unsigned __int128 Wide; // __extension__: not ISO C++, says -Wpedantic
        const Wide product = Wide(value) * factor;
        return quint64(product) ^ quint64(product >> 64);
#else
        return foldPortable(value, factor);
#endif
    }

private:
    static constexpr quint64 kSeed = 0x243f6a8885a308d3ULL; // the first fraction digits of pi
    static constexpr quint64 kStep = 0x9e3779b97f4a7c15ULL; // 2^64 over the golden ratio, odd
    static constexpr quint64 kFinal = 0xd1b54a32d192ed03ULL; // odd, bits spread evenly
};
