// SPDX-License-Identifier: MIT
#pragma once

#include "codexsessionindexparser.h"
#include "codexusage.h"
#include "domain/filecursor.h"

#include <deque>
#include <mutex>
#include <optional>
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

// Where each thread's rollout is, by thread id (the uuid in the file name), the thread totals a
// parent logged, for recognising the parent's history replayed at the start of a sub-agent or fork
// rollout (the last few parents are cached: siblings share theirs), and the names session_index.jsonl
// gives threads. Every member locks: the parsers of two threads use one index at once (BackReader).
class CodexRolloutIndex
{
public:
    // The rollouts found by discovery; indexed by thread id on first use (a run over unchanged logs
    // never needs it). Other paths among them name no thread: session_index.jsonl is read for
    // threadName(), the state database is left out.
    void setRollouts(QStringList paths);
    bool contains(const QByteArray& threadId) const;
    // The newest name a session_index.jsonl among the paths gives a thread, or null; the files are read
    // on first use. A thread can be named before its rollout exists: that line names no known thread
    // when it is read, so the rollout's parser offers the name when it reads the rollout's head. The names
    // are read once and kept: the pointer stays valid until setRollouts().
    const CodexThreadName* threadName(const QByteArray& threadId) const;
    // The parent's totals logged up to untilMs (0: all). A parent whose totals were not observed is read
    // from its rollout, outside the lock (75 of 4,777 lookups on the 1 GB corpus read on one thread).
    std::vector<CodexUsage> totals(const QByteArray& threadId, qint64 untilMs);

    using Totals = std::vector<std::pair<qint64, CodexUsage>>;

    // A rollout read from its first line hands over the thread totals it logged (consecutive repeats
    // collapsed, as threadTotals() reads them) when its read ends; a lookup of its thread is answered
    // from them instead of reading the file again (a parent is usually read shortly before its children:
    // the paths sort by creation time). complete: the read reached the end of the file, which then had
    // this stamp; any lookup is answered from them while the file keeps it (a fork of a finished
    // thread asks past its last total). Otherwise, or once the file has changed, only lookups they
    // reach past. Kept by path, so that the answer comes from the very file a lookup would read.
    // restartObserved() forgets what an earlier read of the rollout reported: called whenever it is
    // read again from the start.
    void restartObserved(const QString& path);
    void addObserved(const QString& path, Totals totals, const FileStamp* complete);

    // At most this many observed totals are kept (48 bytes each: about 19 MB, besides the maps' own
    // entries; a single rollout with more is kept whole), the oldest rollouts' dropped first. On the 1 GB
    // Codex corpus (320,000 totals) 50,000 left 587 of 4,777 parent lookups to read the parent's rollout
    // again, 400,000 left 75 (children read before their parent): the parse thread's CPU 1.40 -> 1.31 s
    // (medians of 4), peak RSS +5 MB (docs/performance.md, session 25). An earlier build measured +25 MB
    // for 200,000 (157-161 MB against 132-144 MB).
    static constexpr size_t kMaxObserved = 400'000;

private:
    struct Cached
    {
        QString path;
        Totals totals;
    };
    const QHash<QByteArray, QString>& byThread() const;
    const QHash<QByteArray, CodexThreadName>& names() const;
    void forgetObserved(std::deque<QString>::iterator position);
    void restartObservedLocked(const QString& path);
    // The cached totals of a parent's rollout, or null; with m_mutex held.
    const Totals* cachedLocked(const QString& path) const;

    mutable std::mutex m_mutex;
    QStringList m_paths;
    mutable std::optional<QHash<QByteArray, QString>> m_byThread; // built from m_paths when first asked
    mutable std::optional<QHash<QByteArray, CodexThreadName>> m_names; // likewise
    std::vector<Cached> m_cache; // newest last
    struct Observed
    {
        Totals totals;
        std::optional<FileStamp> complete;
    };
    QHash<QString, Observed> m_observed; // by rollout path
    std::deque<QString> m_observedOrder; // oldest first
    size_t m_observedCount = 0;
};
