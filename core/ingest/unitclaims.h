// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

// Which of a run's units a thread has taken, when two read them: the engine's thread takes them from the
// front, BackReader on the writer thread from the back, and each unit is read by whichever claims it
// first. Once BackReader fails to claim one, the engine has reached it: every unit before it is the
// engine's.
class UnitClaims
{
public:
    explicit UnitClaims(size_t count)
        : m_claimed(std::make_unique<std::atomic<bool>[]>(count))
    { }

    // True for the one caller that claims unit i first.
    bool claim(size_t i) { return !m_claimed[i].exchange(true, std::memory_order_acq_rel); }

private:
    std::unique_ptr<std::atomic<bool>[]> m_claimed; // value-initialised: false
};
