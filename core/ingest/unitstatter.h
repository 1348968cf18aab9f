// SPDX-License-Identifier: MIT
#pragma once

#include "domain/filecursor.h"
#include "domain/storedcursors.h"
#include "sourceadapter.h"

#include <QStringList>
#include <vector>

// The identity, size and time of every unit a source listed, taken before the engine decides what
// to read. On a run over 23,000 unchanged Codex rollouts these stat calls were a third of the run;
// they are the kernel's path lookups, which run in parallel, so a long list is split across threads.
class UnitStatter
{
public:
    struct Unit
    {
        bool ok = false; // false: it could not be stat'ed (gone since it was listed, or not allowed)
        // No path (the caller has it: copying each shared string from several threads made their
        // reference counts the slow part).
        FileStamp stamp;
        // Its path's key among stored cursors, taken from the bytes stat was given: the cursors can
        // then be looked up once they arrive, without encoding the path again.
        StoredCursors::Key key;
    };

    // One entry per path, in the same order; kinds[i] is the kind of paths[i]. A Database unit's size
    // and time include its -wal file (see the .cpp). threads = 0 picks threadsFor(paths.size()).
    static std::vector<Unit> statAll(
        const QStringList& paths, const std::vector<SourceAdapter::UnitKind>& kinds, int threads = 0);

    // 1 for lists short enough that a thread costs more than it saves, else up to the cores there are.
    static int threadsFor(qsizetype units);
};
