// SPDX-License-Identifier: MIT
#include "opencodedatabasereader.h"

#include "opencodedatabase.h"
#include "store/storeerror.h"

#include <algorithm>
#include <QSet>

namespace {
constexpr qint64 kLateWriteWindowMs = 5 * 60 * 1000;

// A column by name, or a constant when this version of the schema lacks it.
std::string column(const QSet<QByteArray>& columns, const char* name, const char* fallback = "NULL")
{
    return columns.contains(name) ? std::string(name) : std::string(fallback);
}

// When a row last changed: time_updated, else (older schemas) time_created.
std::string timeColumn(const QSet<QByteArray>& columns, const char* alias)
{
    const std::string prefix = std::string(alias) + '.';
    if (columns.contains("time_updated"))
        return "COALESCE(" + prefix + "time_updated, 0)";
    if (columns.contains("time_created"))
        return "COALESCE(" + prefix + "time_created, 0)";
    return "0";
}
} // namespace

OpenCodeDatabaseReader::OpenCodeDatabaseReader(QString path, OpenCodeMessageParser::Options options)
    : m_path(std::move(path))
    , m_options(options)
{ }

bool OpenCodeDatabaseReader::read(
    qint64 watermark, const QByteArray& state, DatabaseSink& sink, QString* error)
{
    OpenCodeDatabase db;
    if (!db.open(m_path, error))
        return false;
    try {
        const QSet<QByteArray> sessionColumns = db.columns("session");
        const QSet<QByteArray> messageColumns = db.columns("message");
        const QSet<QByteArray> partColumns = db.columns("part");
        if (messageColumns.isEmpty() && sessionColumns.isEmpty()) {
            sink.checkpoint(watermark, state); // no OpenCode tables (yet): nothing to read
            return true;
        }
        if (!messageColumns.isEmpty()
            && !(messageColumns.contains("id") && messageColumns.contains("session_id")
                && messageColumns.contains("data"))) {
            if (error)
                *error = QStringLiteral("the message table lacks id, session_id or data");
            return false;
        }
        // One snapshot for the whole sync: OpenCode keeps writing while we read.
        if (!db.exec("BEGIN", error))
            return false;

        // Rows are read again from a while before the watermark: OpenCode stamps time_updated before
        // it waits for the write lock, so a row can commit later than a newer one we already read,
        // and a row can change again within the watermark's millisecond. Reading them again is
        // harmless (identical copies are duplicates, changed ones replace the stored copy).
        const qint64 from = std::max<qint64>(0, watermark - kLateWriteWindowMs);
        Q_UNUSED(state);
        qint64 finalMark = watermark;

        // Sessions first: they are few, and their facts (parent, title, directory) are merged by the
        // store whatever order they arrive in.
        QSet<QByteArray> childSessions;
        if (sessionColumns.contains("id")) {
            const std::string time = timeColumn(sessionColumns, "s");
            const std::string sql = "SELECT s.id, " + column(sessionColumns, "parent_id") + ", "
                + column(sessionColumns, "directory") + ", " + column(sessionColumns, "title") + ", "
                + column(sessionColumns, "version") + ", " + column(sessionColumns, "time_created", "0")
                + ", " + time + " AS t FROM session s WHERE t >= ?1 ORDER BY t, s.id";
            SqliteStatement q = db.prepare(sql);
            q.bind(1, from);
            while (q.step()) {
                if (sink.stopped())
                    return true;
                const QByteArray id = q.bytes(0);
                const qint64 updated = q.int64(6);
                sink.countRow();
                finalMark = std::max(finalMark, updated);
                if (id.isEmpty())
                    continue;
                SessionUpdate& session = sink.batch().session(id);
                session.parentExternalId = q.bytes(1);
                if (!session.parentExternalId.isEmpty()) {
                    session.isSidechain = true;
                    childSessions.insert(id);
                }
                session.cwd = q.bytes(2);
                session.agentVersion = q.bytes(4);
                session.widen(q.int64(5));
                session.widen(updated);
                // OpenCode's title: a placeholder first, then the generated one (the newest wins).
                session.offerTitle(q.bytes(3), SessionUpdate::AiTitle, updated);
            }
        }
        // Whether a message's session is a sub-agent, for sessions not read in this sync.
        if (sessionColumns.contains("parent_id")) {
            SqliteStatement q
                = db.prepare("SELECT id FROM session WHERE parent_id IS NOT NULL AND parent_id != ''");
            while (q.step())
                childSessions.insert(q.bytes(0));
        }

        if (!messageColumns.isEmpty()) {
            const bool haveParts = partColumns.contains("message_id") && partColumns.contains("data");
            // A message changes when its row or one of its parts does (parts are written as steps
            // finish). Candidates come from both tables' times, without a per-message subquery.
            std::string changed = "SELECT m.id AS id, " + timeColumn(messageColumns, "m")
                + " AS t FROM message m WHERE t >= ?1";
            if (haveParts)
                changed += " UNION ALL SELECT p.message_id AS id, " + timeColumn(partColumns, "p")
                    + " AS t FROM part p WHERE t >= ?1";
            const std::string sql = "SELECT m.id, m.session_id, "
                + std::string(messageColumns.contains("time_created") ? "m.time_created" : "0")
                + ", m.data, c.k FROM message m JOIN (SELECT id, "
                  "MAX(t) AS k FROM ("
                + changed + ") GROUP BY id) c ON c.id = m.id ORDER BY c.k, m.id";
            SqliteStatement messages = db.prepare(sql);
            SqliteStatement parts;
            if (haveParts)
                parts = db.prepare("SELECT id, data FROM part WHERE message_id = ?1 ORDER BY id");
            messages.bind(1, from);

            OpenCodeMessageParser parser(OpenCodeMessageParser::Options { m_options.storeContent });
            // An assistant's parent user message, when it was not read in this sync (older than the
            // window): one primary-key lookup, remembered by the parser.
            SqliteStatement byId = db.prepare("SELECT data FROM message WHERE id = ?1");
            parser.setMessageLookup([&byId](const QByteArray& messageId) {
                byId.bind(1, messageId);
                const QByteArray data = byId.step() ? byId.bytes(0) : QByteArray();
                byId.reset();
                return data;
            });
            qint64 groupKey = -1;
            while (messages.step()) {
                if (sink.stopped())
                    return true;
                const qint64 key = messages.int64(4);
                const QByteArray id = messages.bytes(0);
                if (key != groupKey) {
                    // Every message up to the previous group is in the batch: a consistent point.
                    if (groupKey >= 0)
                        sink.checkpoint(groupKey, {});
                    groupKey = key;
                }
                finalMark = std::max(finalMark, key);
                sink.countRow();

                OpenCodeMessageParser::Message message;
                message.id = id;
                message.sessionId = messages.bytes(1);
                message.timeCreated = messages.int64(2);
                message.data = messages.view(3);
                message.sessionIsChild = childSessions.contains(message.sessionId);
                QByteArray reason;
                if (message.id.isEmpty() || message.sessionId.isEmpty()) {
                    sink.countSkipped("message without id or session_id");
                    continue;
                }
                if (parser.beginMessage(message, &reason) == OpenCodeMessageParser::Result::Malformed) {
                    sink.countSkipped(id + ": " + reason);
                    continue;
                }
                if (haveParts) {
                    parts.bind(1, id);
                    while (parts.step()) {
                        sink.countRow();
                        OpenCodeMessageParser::Part part;
                        part.id = parts.bytes(0);
                        part.data = parts.view(1);
                        if (parser.addPart(part, &reason) == OpenCodeMessageParser::Result::Malformed)
                            sink.countSkipped(part.id + ": " + reason);
                    }
                    parts.reset();
                }
                IngestBatch& batch = sink.batch();
                parser.endMessage(sink.fileIndex(), batch);
            }
        }
        db.exec("COMMIT", nullptr);
        sink.checkpoint(finalMark, {});
        return true;
    } catch (const StoreError& e) {
        if (error)
            *error = e.message();
        return false;
    }
}
