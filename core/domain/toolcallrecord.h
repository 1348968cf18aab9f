// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <vector>

// The result of a tool call, which arrives on a later line. Duration = result time - call time.
struct ToolResultRecord
{
    QByteArray sessionExternalId;
    QByteArray toolUseId;
    qint64 endTs = 0;
    bool isError = false;
    bool interrupted = false;
    // Claude: the parent's Task/Agent result names the sub-agent it ran (toolUseResult.agentId).
    QByteArray childSessionExternalId;
};
Q_DECLARE_METATYPE(ToolResultRecord)

// A tool call as the model requested it. When its result arrives in the same batch, the parser puts
// the result here too, so the store writes the call once instead of inserting and then updating it.
struct ToolCallRecord
{
    struct FileTouch
    {
        QByteArray path;
        QByteArray operation; // read, write, edit, search, delete
    };

    QByteArray sessionExternalId;
    int sessionIndex = -1; // into IngestBatch::sessions; -1: look up sessionExternalId
    QByteArray toolUseId;
    QByteArray name;
    qint64 startTs = 0;
    QByteArray filePath;
    QByteArray fileOperation; // what the call did to filePath: read, write, edit, search, delete
    std::vector<FileTouch> files; // further files (multi-file patches), stored only with a new call
    qint64 byteOffset = 0;
    int fileIndex = -1; // index into the batch's file progress list (provenance)
    bool hasResult = false;
    ToolResultRecord result;
};
Q_DECLARE_METATYPE(ToolCallRecord)

struct PromptRecord
{
    QByteArray sessionExternalId;
    int sessionIndex = -1; // into IngestBatch::sessions; -1: look up sessionExternalId
    QByteArray uuid;
    qint64 ts = 0;
    QByteArray text; // empty when content storage is off
    qint64 length = 0;
};
Q_DECLARE_METATYPE(PromptRecord)
