// SPDX-License-Identifier: MIT
#include "codexrolloutindex.h"

#include "codexfileparser.h"
#include "filestatter.h"
#include "linereader.h"

#include <algorithm>
#include <QFile>
#include <simdjson.h>
#include <sys/stat.h>

void CodexRolloutIndex::setRollouts(QStringList paths)
{
    std::lock_guard lock(m_mutex);
    m_paths = std::move(paths);
    m_byThread.reset();
    m_names.reset();
    m_cache.clear();
}

const QHash<QByteArray, QString>& CodexRolloutIndex::byThread() const
{
    if (!m_byThread) {
        m_byThread.emplace();
        m_byThread->reserve(m_paths.size());
        for (const QString& path : std::as_const(m_paths))
            if (const QByteArray id = CodexFileParser::threadIdFromPath(path); !id.isEmpty())
                m_byThread->insert(id, path);
    }
    return *m_byThread;
}

const QHash<QByteArray, CodexThreadName>& CodexRolloutIndex::names() const
{
    if (!m_names) {
        m_names.emplace();
        simdjson::dom::parser parser;
        for (const QString& path : std::as_const(m_paths)) {
            if (!path.endsWith(QLatin1String("/session_index.jsonl")))
                continue;
            LineReader reader(size_t(64) << 10);
            if (!reader.open(path, 0))
                continue; // the line parser reports what it cannot read
            LineReader::Line line;
            CodexThreadName entry;
            while (reader.next(line)) {
                if (CodexSessionIndexParser::read(line.text, parser, &entry)
                        != CodexSessionIndexParser::LineKind::Entry
                    || entry.name.isEmpty())
                    continue;
                // As SessionUpdate::offerTitle ranks names: the newest, the later line on a tie.
                const auto at = m_names->find(entry.threadId);
                if (at == m_names->end())
                    m_names->insert(entry.threadId, entry);
                else if (entry.ts >= at->ts)
                    *at = entry;
            }
        }
    }
    return *m_names;
}

bool CodexRolloutIndex::contains(const QByteArray& threadId) const
{
    std::lock_guard lock(m_mutex);
    return byThread().contains(threadId);
}

const CodexThreadName* CodexRolloutIndex::threadName(const QByteArray& threadId) const
{
    std::lock_guard lock(m_mutex);
    const auto& all = names();
    const auto found = all.constFind(threadId);
    return found == all.constEnd() ? nullptr : &*found;
}

namespace {
// Whether the file at path still has the stamp it had when it was read.
bool unchanged(const QString& path, const FileStamp& stamp)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 && FileStatter::stampOf(st) == stamp;
}
} // namespace

std::vector<CodexUsage> CodexRolloutIndex::totals(const QByteArray& threadId, qint64 untilMs)
{
    // A child copies its parent's history as it was when the child was created.
    const auto upTo = [untilMs](const Totals& all) {
        std::vector<CodexUsage> totals;
        for (const auto& [ts, total] : all) {
            if (untilMs > 0 && ts > untilMs)
                break;
            totals.push_back(total);
        }
        return totals;
    };
    QString path;
    {
        std::lock_guard lock(m_mutex);
        path = byThread().value(threadId);
        if (path.isEmpty())
            return {};
        if (auto observed = m_observed.constFind(path); observed != m_observed.constEnd()) {
            const Totals& totals = observed->totals;
            // Totals observed past untilMs hold every total up to it: a rollout is appended in time order.
            // A read to the end holds all of them, as long as the file has not changed since.
            if ((untilMs > 0 && !totals.empty() && totals.back().first > untilMs)
                || (observed->complete && unchanged(path, *observed->complete)))
                return upTo(totals);
        }
        if (const Totals* cached = cachedLocked(path))
            return upTo(*cached);
    }
    // Read without the lock: the other thread's parsers take it for every rollout they read.
    Totals read = CodexFileParser::threadTotals(path);
    std::vector<CodexUsage> totals = upTo(read);
    std::lock_guard lock(m_mutex);
    if (!cachedLocked(path)) { // the other thread may have read it meanwhile
        if (m_cache.size() >= 4)
            m_cache.erase(m_cache.begin());
        m_cache.push_back({ path, std::move(read) });
    }
    return totals;
}

const CodexRolloutIndex::Totals* CodexRolloutIndex::cachedLocked(const QString& path) const
{
    const auto found
        = std::find_if(m_cache.cbegin(), m_cache.cend(), [&](const Cached& c) { return c.path == path; });
    return found == m_cache.cend() ? nullptr : &found->totals;
}

void CodexRolloutIndex::restartObserved(const QString& path)
{
    std::lock_guard lock(m_mutex);
    restartObservedLocked(path);
}

void CodexRolloutIndex::restartObservedLocked(const QString& path)
{
    if (m_observed.contains(path))
        forgetObserved(std::find(m_observedOrder.begin(), m_observedOrder.end(), path));
}

void CodexRolloutIndex::forgetObserved(std::deque<QString>::iterator position)
{
    const auto found = m_observed.find(*position);
    m_observedCount -= found->totals.size();
    m_observed.erase(found);
    m_observedOrder.erase(position);
}

void CodexRolloutIndex::addObserved(const QString& path, Totals totals, const FileStamp* complete)
{
    std::lock_guard lock(m_mutex);
    restartObservedLocked(path);
    if (totals.empty())
        return; // a lookup reads the file: kept, such entries would not count against the cap

    totals.shrink_to_fit(); // grown line by line: up to twice its size otherwise, for as long as it is kept
    m_observedCount += totals.size();
    m_observed.insert(path, { std::move(totals), complete ? std::optional(*complete) : std::nullopt });
    m_observedOrder.push_back(path);
    while (m_observedCount > kMaxObserved && m_observedOrder.front() != path)
        forgetObserved(m_observedOrder.begin());
}
