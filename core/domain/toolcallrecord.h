// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QMetaType>

// A tool call as requested by the model (start) ...
struct ToolCallRecord
{
    QByteArray sessionExternalId;
    QByteArray toolUseId;
    QByteArray name;
    qint64 startTs = 0;
    QByteArray filePath;
    qint64 byteOffset = 0;
    int fileIndex = -1; // index into the batch's file progress list (provenance)
};
Q_DECLARE_METATYPE(ToolCallRecord)

// ... and its result, which arrives on a later line. Duration = result time - call time.
struct ToolResultRecord
{
    QByteArray sessionExternalId;
    QByteArray toolUseId;
    qint64 endTs = 0;
    bool isError = false;
    bool interrupted = false;
    qint64 durationMs = -1; // a duration the tool reported itself, else -1
    // Claude: the parent's Task/Agent result names the sub-agent it ran (toolUseResult.agentId).
    QByteArray childSessionExternalId;
};
Q_DECLARE_METATYPE(ToolResultRecord)

struct FileTouchRecord
{
    QByteArray sessionExternalId;
    QByteArray toolUseId;
    QByteArray path;
    QByteArray operation; // read, write, edit, search, delete
    qint64 ts = 0;
};
Q_DECLARE_METATYPE(FileTouchRecord)

struct PromptRecord
{
    QByteArray sessionExternalId;
    QByteArray uuid;
    qint64 ts = 0;
    QByteArray text; // empty when content storage is off
    qint64 length = 0;
};
Q_DECLARE_METATYPE(PromptRecord)
