// SPDX-License-Identifier: MIT
#include "codexrolloutindex.h"

#include "codexfileparser.h"

void CodexRolloutIndex::setRollouts(QHash<QByteArray, QString> byThread)
{
    m_byThread = std::move(byThread);
    m_cache.clear();
}

std::vector<CodexUsage> CodexRolloutIndex::totals(const QByteArray& threadId, qint64 untilMs)
{
    const Cached* found = nullptr;
    for (const Cached& cached : m_cache)
        if (cached.threadId == threadId)
            found = &cached;
    if (!found) {
        const QString path = m_byThread.value(threadId);
        if (path.isEmpty())
            return {};
        if (m_cache.size() >= 4)
            m_cache.erase(m_cache.begin());
        m_cache.push_back({ threadId, CodexFileParser::threadTotals(path) });
        found = &m_cache.back();
    }
    std::vector<CodexUsage> totals;
    for (const auto& [ts, total] : found->totals) {
        // A child copies its parent's history as it was when the child was created.
        if (untilMs > 0 && ts > untilMs)
            break;
        totals.push_back(total);
    }
    return totals;
}
