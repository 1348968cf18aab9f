// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

// What `agentmeter demo` asks of any source's corpus generator. The same options always produce
// byte-identical files, so a corpus can be regenerated instead of shipped (demo data, benchmarks).
struct CorpusOptions
{
    QString outputDir; // the source's own root (a CLAUDE_CONFIG_DIR, a CODEX_HOME, ...)
    qint64 targetBytes = 20'000'000; // approximate size of everything written
    quint64 seed = 1;
    QDateTime end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC); // activity ends here (UTC)
    int days = 45; // ... and spans this many days before it
    bool injectMalformedLines = false; // a few broken lines, never carrying usage
};

struct CorpusSummary
{
    qint64 bytes = 0;
    int files = 0;
    int sessions = 0; // top-level sessions
    int subagentSessions = 0;
    qint64 usageRequests = 0; // distinct billed requests the corpus holds
};

namespace CorpusGenerators {
QStringList sources(); // the sources that have a generator
// Writes a corpus for one source. Throws std::runtime_error on I/O failure or an unknown source.
CorpusSummary generate(const QString& source, const CorpusOptions& options);
} // namespace CorpusGenerators
