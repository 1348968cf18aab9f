// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <QtGlobal>

// The corpus generators' random numbers: splitmix64, the same stream on every platform and standard
// library (std::*_distribution is not), so equal options give byte-identical corpora.
class SplitMix64
{
public:
    // The usual seeding: spreads small seeds (1, 2, ...) over the whole state.
    static SplitMix64 seeded(quint64 seed)
    {
        return SplitMix64(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
    }

    explicit SplitMix64(quint64 state)
        : m_state(state)
    { }

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // lo..hi inclusive; lo, without drawing, when the range is empty or one value.
    qint64 between(qint64 lo, qint64 hi)
    {
        return hi <= lo ? lo : lo + qint64(next() % quint64(hi - lo + 1));
    }
    bool percent(int p) { return qint64(next() % 100) < p; }
    template <typename T, size_t N> const T& pick(const T (&items)[N]) { return items[next() % N]; }

private:
    quint64 m_state;
};
