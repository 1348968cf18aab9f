// SPDX-License-Identifier: MIT
#pragma once

#include "codexusage.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <utility>
#include <vector>

// Where each thread's rollout is, by thread id (the uuid in the file name), and the thread totals a
// parent logged, for recognising the parent's history replayed at the start of a sub-agent or fork
// rollout. The last few parents are cached: siblings share theirs.
class CodexRolloutIndex
{
public:
    void setRollouts(QHash<QByteArray, QString> byThread);
    bool contains(const QByteArray& threadId) const { return m_byThread.contains(threadId); }
    // The parent's totals logged up to untilMs (0: all).
    std::vector<CodexUsage> totals(const QByteArray& threadId, qint64 untilMs);

private:
    struct Cached
    {
        QByteArray threadId;
        std::vector<std::pair<qint64, CodexUsage>> totals;
    };
    QHash<QByteArray, QString> m_byThread;
    std::vector<Cached> m_cache; // newest last
};
