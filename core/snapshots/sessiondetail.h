// SPDX-License-Identifier: MIT
#pragma once

#include "sessionfigures.h"

#include <optional>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Everything the Sessions page's detail pane shows about one session. Breakdowns, tools and files cover
// the session with its sub-agent sessions (what it cost in all); prompts, the timeline and messages are
// the session's own (each sub-agent session has its own detail).
struct SessionDetail
{
    struct AgentUsage
    {
        QString agent;
        qint64 sessions = 0;
        qint64 requests = 0;
        qint64 tokens = 0;
        double cost = 0;
    };
    struct Prompt
    {
        std::optional<qint64> ts;
        std::optional<QString> text; // empty when ingest stored no content
        qint64 length = 0;
        bool fromParent = false; // what the parent agent asked this sub-agent (task_prompt)
    };
    struct TimelineEntry
    {
        enum Kind
        {
            Request,
            ToolCall,
            Error,
            Retry
        };
        Kind kind = Request;
        std::optional<qint64> ts;
        QString name; // the model of a request or error, a tool's name
        QString message; // an error's text; a tool call's status
        qint64 tokens = 0;
        std::optional<double> cost;
        std::optional<qint64> durationMs;
        bool isError = false;
    };
    struct Message
    {
        enum Role
        {
            User,
            Assistant
        };
        Role role = User;
        std::optional<qint64> ts;
        QString text;
    };

    bool found = false;
    qint64 rowId = 0;
    QString externalId;
    QString source;
    QString agent;
    QString title;
    QString cwd;
    QString gitBranch;
    QString agentVersion;
    QString parentExternalId;
    QString status;
    QStringList models; // the session's own, most tokens first
    std::optional<qint64> firstTs;
    std::optional<qint64> lastTs;
    // From the first line of the session to the last line of any of its sub-agents.
    std::optional<qint64> treeLastTs;
    qint64 subAgentSessions = 0; // at any depth
    SessionFigures::Usage own;
    SessionFigures::Usage withSubAgents;
    qint64 toolCalls = 0; // with sub-agents
    qint64 toolErrors = 0;
    qint64 apiErrors = 0;

    QList<SessionFigures::ModelUsage> byModel;
    QList<AgentUsage> byAgent; // most cost first
    QList<SessionFigures::ToolUsage> tools;
    QList<SessionFigures::FileUsage> files;
    QList<Prompt> prompts;
    QList<TimelineEntry> timeline; // oldest first, at most kTimelineLimit
    qint64 timelineTotal = 0;
    QList<Message> messages; // only those with text
    // Whether the store holds any text for this session (off with --no-content / the privacy setting).
    bool contentStored = false;

    static constexpr int kTimelineLimit = 5000;
};
Q_DECLARE_METATYPE(SessionDetail)
