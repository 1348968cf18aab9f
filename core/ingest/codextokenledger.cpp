// SPDX-License-Identifier: MIT
#include "codextokenledger.h"

CodexTokenLedger::Step CodexTokenLedger::observe(const CodexUsage* total, const CodexUsage* last)
{
    Step step;
    if (!total) {
        // Only a per-request vector (no thread total to compare with): bill it as it stands.
        if (last && !last->isZero()) {
            step.verdict = Verdict::Count;
            step.usage = *last;
        }
        return step;
    }
    if (m_hasTotal && *total == m_high) {
        step.verdict = Verdict::Unchanged;
        return step;
    }
    if (isRecent(*total)) {
        step.verdict = Verdict::Stale;
        return step;
    }
    if (!m_hasTotal || total->covers(m_high)) {
        // last_token_usage is the request itself; the growth covers the rare snapshot without it.
        step.usage = last ? *last : (m_hasTotal ? total->minus(m_high) : *total);
        m_high = *total;
        m_hasTotal = true;
        remember(*total);
        step.verdict = step.usage.isZero() ? Verdict::Empty : Verdict::Count;
        return step;
    }
    if (last && *total == *last && !last->isZero()) {
        m_high = *total;
        remember(*total);
        step.verdict = Verdict::Count;
        step.usage = *last;
        return step;
    }
    step.verdict = Verdict::Stale;
    return step;
}

bool CodexTokenLedger::isRecent(const CodexUsage& total) const
{
    for (const CodexUsage& recent : m_recent)
        if (recent == total)
            return true;
    return false;
}

void CodexTokenLedger::remember(const CodexUsage& total)
{
    if (m_recent.size() >= size_t(kRecent))
        m_recent.erase(m_recent.begin());
    m_recent.push_back(total);
}

namespace {
void write(DataStreamWriter& out, const CodexUsage& u)
{
    out << u.input << u.cached << u.output << u.reasoning << u.total;
}
void read(QDataStream& in, CodexUsage& u)
{
    in >> u.input >> u.cached >> u.output >> u.reasoning >> u.total;
}
} // namespace

void CodexTokenLedger::writeTo(DataStreamWriter& out) const
{
    out << m_hasTotal;
    write(out, m_high);
    out << qint32(m_recent.size());
    for (const CodexUsage& recent : m_recent)
        write(out, recent);
}

QDataStream& operator>>(QDataStream& in, CodexTokenLedger& ledger)
{
    qint32 count = 0;
    in >> ledger.m_hasTotal;
    read(in, ledger.m_high);
    in >> count;
    ledger.m_recent.clear();
    for (qint32 i = 0; i < count && i < CodexTokenLedger::kRecent && in.status() == QDataStream::Ok; ++i) {
        CodexUsage recent;
        read(in, recent);
        ledger.m_recent.push_back(recent);
    }
    return in;
}
