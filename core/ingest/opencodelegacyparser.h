// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"
#include "opencodemessageparser.h"

#include <memory>
#include <QString>
#include <QStringList>

// One file of OpenCode's legacy JSON storage (≤ v1.13, formats.md §4.1), read as a whole document:
// storage/session/<projectID>/<sessionID>.json or storage/message/<sessionID>/<messageID>.json. A
// message file is read together with its parts, storage/part/<messageID>/<partID>.json, because its
// usage is the sum of its step-finish parts. Ids come from the paths, as OpenCode's own JSON-to-SQLite
// migration takes them, not from the bodies.
//
// A message whose id is in one of OpenCode's databases is skipped: the database row is the migrated,
// newer copy (ccusage lets database rows win too).
class OpenCodeLegacyParser : public LineParser
{
public:
    OpenCodeLegacyParser(QString path, QStringList databases, OpenCodeMessageParser::Options options);
    ~OpenCodeLegacyParser();

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override { }
    // Legacy messages skipped because a database holds the same message.
    qint64 duplicates() const override { return m_duplicates; }

    // What a path below storage/ is, and its ids. Kind None for anything else.
    struct PathInfo
    {
        enum class Kind
        {
            None,
            Session,
            Message
        };
        Kind kind = Kind::None;
        QByteArray sessionId;
        QByteArray messageId;
        QString partDirectory; // storage/part/<messageID>
    };
    static PathInfo pathInfo(const QString& path);

private:
    bool inDatabase(const QByteArray& messageId);

    struct Impl;
    std::unique_ptr<Impl> d;
    qint64 m_duplicates = 0;
};
