// SPDX-License-Identifier: MIT
#include "opencodelegacyparser.h"

#include "jsonvalue.h"
#include "opencodedatabase.h"
#include "store/storeerror.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <simdjson.h>
#include <vector>

using namespace simdjson;

namespace {
OpenCodeMessageParser::Options legacy(OpenCodeMessageParser::Options options)
{
    options.legacyCopy = true;
    return options;
}

using JsonValue::bytes;
using JsonValue::toString;

// Part files are a few kilobytes; anything far larger is not a part.
constexpr qint64 kMaxPartBytes = qint64(64) << 20;
} // namespace

struct OpenCodeLegacyParser::Impl
{
    QString path;
    QStringList databasePaths;
    OpenCodeMessageParser messages;
    dom::parser parser;
    struct Lookup
    {
        std::unique_ptr<OpenCodeDatabase> db;
        SqliteStatement query;
    };
    std::vector<Lookup> lookups;
    bool lookupsOpened = false;

    explicit Impl(OpenCodeMessageParser::Options options)
        : messages(legacy(options))
    { }
};

OpenCodeLegacyParser::OpenCodeLegacyParser(
    QString path, QStringList databases, OpenCodeMessageParser::Options options)
    : d(std::make_unique<Impl>(options))
{
    d->path = std::move(path);
    d->databasePaths = std::move(databases);
    // An assistant's parent user message is the file beside it: message/<sessionID>/<parentID>.json.
    const QString directory = QFileInfo(d->path).path();
    d->messages.setMessageLookup([directory](const QByteArray& messageId) {
        if (messageId.isEmpty() || messageId.contains('/') || messageId.contains('\\')
            || messageId.startsWith('.'))
            return QByteArray();
        QFile file(directory + QLatin1Char('/') + QString::fromUtf8(messageId) + QLatin1String(".json"));
        if (file.size() > kMaxPartBytes || !file.open(QIODevice::ReadOnly))
            return QByteArray();
        return file.readAll();
    });
}

OpenCodeLegacyParser::~OpenCodeLegacyParser() = default;

OpenCodeLegacyParser::PathInfo OpenCodeLegacyParser::pathInfo(const QString& path)
{
    PathInfo info;
    const QFileInfo file(path);
    if (file.suffix() != QLatin1String("json"))
        return info;
    const QDir parent = file.dir(); // <projectID> or <sessionID>
    QDir kindDir = parent;
    if (!kindDir.cdUp())
        return info;
    QDir storage = kindDir;
    if (!storage.cdUp() || storage.dirName() != QLatin1String("storage"))
        return info;
    if (kindDir.dirName() == QLatin1String("session")) {
        info.kind = PathInfo::Kind::Session;
        info.sessionId = file.completeBaseName().toUtf8();
    } else if (kindDir.dirName() == QLatin1String("message")) {
        info.kind = PathInfo::Kind::Message;
        info.sessionId = parent.dirName().toUtf8();
        info.messageId = file.completeBaseName().toUtf8();
        info.partDirectory = storage.filePath(QStringLiteral("part/") + file.completeBaseName());
    }
    return info;
}

bool OpenCodeLegacyParser::inDatabase(const QByteArray& messageId)
{
    if (!d->lookupsOpened) {
        d->lookupsOpened = true;
        for (const QString& path : d->databasePaths) {
            Impl::Lookup lookup;
            lookup.db = std::make_unique<OpenCodeDatabase>();
            if (!lookup.db->open(path, nullptr))
                continue;
            try {
                if (!lookup.db->columns("message").contains("id"))
                    continue;
                lookup.query = lookup.db->prepare("SELECT 1 FROM message WHERE id = ?1");
            } catch (const StoreError&) {
                continue; // not a database we can read: it cannot hold the message either
            }
            d->lookups.push_back(std::move(lookup));
        }
    }
    for (Impl::Lookup& lookup : d->lookups) {
        try {
            lookup.query.bind(1, messageId);
            const bool found = lookup.query.step();
            lookup.query.reset();
            if (found)
                return true;
        } catch (const StoreError&) {
            lookup.query.reset();
        }
    }
    return false;
}

OpenCodeLegacyParser::Result OpenCodeLegacyParser::parseLine(std::string_view line, size_t capacity,
    qint64 offset, int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    Q_UNUSED(capacity);
    Q_UNUSED(offset);
    const PathInfo info = pathInfo(d->path);
    auto malformed = [reason](const QByteArray& why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };

    if (info.kind == PathInfo::Kind::Message) {
        if (info.sessionId.isEmpty() || info.messageId.isEmpty())
            return Result::Ignored;
        if (inDatabase(info.messageId)) {
            ++m_duplicates;
            return Result::Ignored;
        }
        OpenCodeMessageParser::Message message;
        message.id = info.messageId;
        message.sessionId = info.sessionId;
        message.data = line;
        QByteArray why;
        if (d->messages.beginMessage(message, &why) == OpenCodeMessageParser::Result::Malformed)
            return malformed(why);
        const QFileInfoList partFiles
            = QDir(info.partDirectory).entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        for (const QFileInfo& partFile : partFiles) {
            if (partFile.size() > kMaxPartBytes)
                continue;
            QFile file(partFile.filePath());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray data = file.readAll();
            OpenCodeMessageParser::Part part;
            part.id = partFile.completeBaseName().toUtf8();
            part.data = std::string_view(data.constData(), size_t(data.size()));
            // A broken part file loses that part only; the message still counts.
            d->messages.addPart(part, &why);
        }
        d->messages.endMessage(fileIndex, batch);
        return Result::Parsed;
    }

    if (info.kind == PathInfo::Kind::Session) {
        dom::element document;
        dom::object object;
        if (d->parser.parse(line.data(), line.size(), true).get(document)
            || document.get_object().get(object))
            return malformed("session: invalid JSON");
        SessionUpdate& session = batch.session(info.sessionId);
        qint64 created = 0, updated = 0;
        QByteArray title;
        for (auto field : object) {
            const std::string_view key = field.key;
            if (key == "parentID") {
                session.parentExternalId = bytes(toString(field.value));
                session.isSidechain = !session.parentExternalId.isEmpty();
            } else if (key == "title")
                title = bytes(toString(field.value));
            else if (key == "directory")
                session.cwd = bytes(toString(field.value));
            else if (key == "version")
                session.agentVersion = bytes(toString(field.value));
            else if (key == "time") {
                dom::object time;
                if (field.value.get_object().get(time))
                    continue;
                for (auto t : time) {
                    const std::string_view timeKey = t.key;
                    if (timeKey == "created")
                        created = JsonValue::toEpochMs(t.value);
                    else if (timeKey == "updated")
                        updated = JsonValue::toEpochMs(t.value);
                }
            }
        }
        session.widen(created);
        session.widen(updated);
        session.offerTitle(title, SessionUpdate::AiTitle, updated);
        return Result::Parsed;
    }
    return Result::Ignored;
}
