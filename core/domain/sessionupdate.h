// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QMetaType>

// What one batch learned about a session. The writer merges it into the stored row: times widen,
// empty fields are filled, a title replaces the stored one only if its rank is higher (or equal and
// the rank's tie rule says so).
struct SessionUpdate
{
    enum TitleRank
    {
        NoTitle = 0,
        FirstPrompt = 1,
        Summary = 2,
        AiTitle = 3,
        CustomTitle = 4
    };

    QByteArray externalId;
    QByteArray parentExternalId;
    QByteArray cwd;
    QByteArray gitBranch;
    QByteArray agent;
    QByteArray agentVersion;
    QByteArray spawnToolUseId;
    int spawnDepth = 0;
    bool isSidechain = false;
    qint64 firstTs = 0; // 0 = unknown
    qint64 lastTs = 0;
    QByteArray title;
    TitleRank titleRank = NoTitle;
    qint64 titleTs = 0;
    // Trace facts (0002_traces.sql): the prompt a sub-agent was given, the newest answer text and
    // when it was written, and an explicit end state ('completed', 'error', ...). Empty = unknown;
    // text stays empty when content storage is off.
    QByteArray taskPrompt;
    QByteArray lastOutput;
    qint64 lastOutputTs = 0;
    QByteArray status;

    void widen(qint64 ts)
    {
        if (ts <= 0)
            return;
        if (firstTs == 0 || ts < firstTs)
            firstTs = ts;
        if (ts > lastTs)
            lastTs = ts;
    }
    // A title made from a prompt: its first line, cut to 120 bytes on a UTF-8 boundary.
    static QByteArray titleFromPrompt(const QByteArray& prompt)
    {
        QByteArray title = prompt.trimmed();
        const qsizetype newline = title.indexOf('\n');
        if (newline >= 0)
            title.truncate(newline);
        if (title.size() > 120) {
            qsizetype cut = 120;
            while (cut > 0 && (uchar(title.at(cut)) & 0xC0) == 0x80)
                --cut;
            title.truncate(cut);
            title += "...";
        }
        return title;
    }
    // Answers kept for traces are cut here (on a UTF-8 boundary): enough to recognise them, and a
    // bounded size for a row that is rewritten with every batch.
    static constexpr qsizetype kMaxOutputBytes = 4000;
    void offerOutput(const QByteArray& text, qint64 ts)
    {
        if (text.isEmpty() || ts < lastOutputTs)
            return;
        lastOutput = text;
        if (lastOutput.size() > kMaxOutputBytes) {
            qsizetype cut = kMaxOutputBytes;
            while (cut > 0 && (uchar(lastOutput.at(cut)) & 0xC0) == 0x80)
                --cut;
            lastOutput.truncate(cut);
        }
        lastOutputTs = ts;
    }
    // Higher rank wins. Equal rank: explicit titles (custom, ai) keep the newest, a summary keeps the
    // first one seen, the first prompt keeps the earliest.
    void offerTitle(const QByteArray& text, TitleRank rank, qint64 ts)
    {
        if (text.isEmpty() || rank < titleRank)
            return;
        if (rank == titleRank) {
            if (rank == Summary)
                return;
            if (rank >= AiTitle ? ts < titleTs : ts >= titleTs)
                return;
        }
        title = text;
        titleRank = rank;
        titleTs = ts;
    }
};
Q_DECLARE_METATYPE(SessionUpdate)
