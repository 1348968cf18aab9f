// SPDX-License-Identifier: MIT
#include "openclawdatabasereader.h"

#include "openclaweventparser.h"
#include "openclawsessionstoreparser.h"

#include <limits>
#include <QDataStream>
#include <QHash>
#include <QIODevice>
#include <QUrl>
#include <sqlite3.h>
#include <string>
#include <zstd.h>

namespace {
// Rows read between two checkpoints inside one long session.
constexpr int kRowsPerCheckpoint = 500;
constexpr quint8 kStateVersion = 1;
constexpr size_t kPadding = 64; // simdjson's padding

struct SessionProgress
{
    qint64 lastSeq = -1;
    QByteArray parserState;
};

QDataStream& operator<<(QDataStream& out, const SessionProgress& p)
{
    return out << p.lastSeq << p.parserState;
}
QDataStream& operator>>(QDataStream& in, SessionProgress& p)
{
    return in >> p.lastSeq >> p.parserState;
}

// A statement that finalises itself.
class Statement
{
public:
    Statement(sqlite3* db, const char* sql)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return m_stmt != nullptr; }
    sqlite3_stmt* get() const { return m_stmt; }
    QByteArray text(int column) const
    {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return data ? QByteArray(data, sqlite3_column_bytes(m_stmt, column)) : QByteArray();
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

bool hasColumn(sqlite3* db, const char* table, const char* column)
{
    const std::string sql
        = std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = '" + column + "'";
    Statement q(db, sql.c_str());
    return q.ok() && sqlite3_step(q.get()) == SQLITE_ROW;
}

QByteArray state(const QHash<QByteArray, SessionProgress>& sessions)
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream << kStateVersion << sessions;
    return out;
}

struct Node
{
    QByteArray sessionId;
    QByteArray parentKey;
    QByteArray forkSourceSessionId;
    QByteArray label;
    QByteArray displayName;
    QByteArray status;
};
} // namespace

OpenClawDatabaseReader::OpenClawDatabaseReader(
    const OpenClawFileContext& context, SourceOptions options, std::shared_ptr<OpenClawSessionIndex> index)
    : m_context(context)
    , m_options(options)
    , m_index(std::move(index))
{ }

OpenClawDatabaseReader::~OpenClawDatabaseReader() = default;

bool OpenClawDatabaseReader::decompress(const void* data, size_t size, std::string& out)
{
    out.clear();
    ZSTD_DStream* stream = ZSTD_createDStream();
    ZSTD_initDStream(stream);
    ZSTD_inBuffer in { data, size, 0 };
    std::string chunk(ZSTD_DStreamOutSize(), '\0');
    bool ok = true;
    while (in.pos < in.size) {
        ZSTD_outBuffer o { chunk.data(), chunk.size(), 0 };
        const size_t hint = ZSTD_decompressStream(stream, &o, &in);
        if (ZSTD_isError(hint)) {
            ok = false;
            break;
        }
        out.append(chunk.data(), o.pos);
        if (o.pos == 0 && hint != 0 && in.pos == in.size)
            break;
    }
    ZSTD_freeDStream(stream);
    return ok;
}

bool OpenClawDatabaseReader::read(
    qint64 watermark, const QByteArray& savedState, DatabaseSink& sink, QString* error)
{
    Q_UNUSED(watermark); // progress is per session, in the state
    sqlite3* db = nullptr;
    const QByteArray uri = "file:" + QUrl::toPercentEncoding(m_context.path, "/") + "?mode=ro";
    if (sqlite3_open_v2(uri.constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return false;
    }
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(db, sqlite3_close);
    sqlite3_busy_timeout(db, 5000);
    if (!hasColumn(db, "transcript_events", "event_json")) {
        if (error)
            *error = QStringLiteral("no transcript_events table: not an OpenClaw agent database");
        return false;
    }
    // One read transaction: every table is seen at the same point in time.
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);

    QHash<QByteArray, SessionProgress> sessions;
    if (!savedState.isEmpty()) {
        QDataStream in(savedState);
        quint8 version = 0;
        in >> version;
        if (version == kStateVersion)
            in >> sessions;
        if (in.status() != QDataStream::Ok)
            sessions.clear();
    }

    // The tree: keys to ids, and each node's parent, fork source and names.
    QHash<QByteArray, Node> nodes; // by session key
    QHash<QByteArray, QByteArray> idOfKey;
    if (hasColumn(db, "session_nodes", "fork_source_session_id")) {
        Statement q(db,
            "SELECT session_key, current_session_id, COALESCE(spawned_by, parent_session_key), "
            "fork_source_session_id, label, display_name, status FROM session_nodes");
        while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
            Node node { q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6) };
            idOfKey.insert(q.text(0), node.sessionId);
            nodes.insert(q.text(0), node);
        }
    }
    auto resolve = [&](const QByteArray& key) {
        QByteArray id = idOfKey.value(key);
        if (id.isEmpty() && m_index)
            id = m_index->sessionIdOf(m_context.agentsDir, m_context.agentId, key);
        return id;
    };
    if (hasColumn(db, "session_windows", "spawned_by")) {
        Statement q(db,
            "SELECT session_id, session_key, COALESCE(spawned_by, parent_session_key), status, "
            "display_name, started_at, ended_at FROM session_windows");
        while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
            const QByteArray id = q.text(0);
            const QByteArray key = q.text(1);
            if (id.isEmpty())
                continue;
            const Node node = nodes.value(key);
            SessionUpdate& session = sink.batch().session(id);
            session.agent = m_context.agentId;
            QByteArray parentKey = q.text(2);
            if (parentKey.isEmpty())
                parentKey = node.parentKey;
            QByteArray parent = parentKey.isEmpty() ? QByteArray() : resolve(parentKey);
            if (parent.isEmpty() && node.sessionId == id)
                parent = node.forkSourceSessionId;
            if (!parent.isEmpty() && parent != id)
                session.parentExternalId = parent;
            const int depth = OpenClawFileContext::depthOfKey(key);
            if (depth > 0) {
                session.spawnDepth = depth;
                session.isSidechain = true;
            }
            if (node.sessionId == id && !node.label.isEmpty())
                session.offerTitle(node.label, SessionUpdate::AiTitle, 0);
            const QByteArray displayName = q.text(4).isEmpty() ? node.displayName : q.text(4);
            session.offerTitle(displayName, SessionUpdate::Summary, 0);
            const QByteArray status = q.text(3).isEmpty() && node.sessionId == id ? node.status : q.text(3);
            if (!status.isEmpty())
                session.status = OpenClawSessionStoreParser::traceStatus(status);
            session.widen(sqlite3_column_int64(q.get(), 5));
            session.widen(sqlite3_column_int64(q.get(), 6));
        }
    }

    OpenClawEventParser events(m_options, [&resolve](const QByteArray& key) { return resolve(key); });
    const bool hasZstd = hasColumn(db, "transcript_events", "event_zstd");
    Statement heads(
        db, "SELECT session_id, MAX(seq) FROM transcript_events GROUP BY session_id ORDER BY session_id");
    Statement rows(db,
        hasZstd
            ? "SELECT seq, event_json, event_zstd FROM transcript_events WHERE session_id = ?1 AND seq > ?2 "
              "ORDER BY seq"
            : "SELECT seq, event_json, NULL FROM transcript_events WHERE session_id = ?1 AND seq > ?2 "
              "ORDER BY seq");
    if (!heads.ok() || !rows.ok()) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(db));
        return false;
    }
    // The cursor's watermark: the sum of every session's last seq, which only grows. A damaged seq near
    // the int64 limit (a REAL 1e308 reads as INT64_MAX) saturates it instead of overflowing.
    auto advance = [](qint64 mark, qint64 by) {
        qint64 sum = 0;
        return __builtin_add_overflow(mark, by, &sum) ? std::numeric_limits<qint64>::max() : sum;
    };
    qint64 mark = 0;
    for (const SessionProgress& p : std::as_const(sessions))
        mark = advance(mark, std::max<qint64>(p.lastSeq, 0));
    std::string buffer;
    std::string inflated;
    while (sqlite3_step(heads.get()) == SQLITE_ROW) {
        const QByteArray sessionId = heads.text(0);
        const qint64 maxSeq = sqlite3_column_int64(heads.get(), 1);
        SessionProgress& progress = sessions[sessionId];
        if (maxSeq <= progress.lastSeq)
            continue;
        events.beginSession(sessionId, m_context.agentId);
        events.restoreState(progress.parserState);
        sqlite3_reset(rows.get());
        sqlite3_bind_text(rows.get(), 1, sessionId.constData(), int(sessionId.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(rows.get(), 2, progress.lastSeq);
        int sinceCheckpoint = 0;
        while (sqlite3_step(rows.get()) == SQLITE_ROW) {
            const qint64 seq = sqlite3_column_int64(rows.get(), 0);
            const char* json = reinterpret_cast<const char*>(sqlite3_column_text(rows.get(), 1));
            size_t length = json ? size_t(sqlite3_column_bytes(rows.get(), 1)) : 0;
            bool bad = false;
            if (length == 0 && sqlite3_column_type(rows.get(), 2) == SQLITE_BLOB) {
                const void* blob = sqlite3_column_blob(rows.get(), 2);
                bad = !decompress(blob, size_t(sqlite3_column_bytes(rows.get(), 2)), inflated);
                json = inflated.data();
                length = inflated.size();
            }
            sink.countRow();
            if (bad) {
                sink.countSkipped("seq " + QByteArray::number(seq) + ": event_zstd is not valid zstd");
            } else {
                buffer.assign(json ? json : "", length);
                buffer.append(kPadding, '\0');
                QByteArray reason;
                IngestBatch& batch = sink.batch();
                if (events.parse(std::string_view(buffer.data(), length), buffer.size(), seq,
                        sink.fileIndex(), batch, &reason)
                    == LineParser::Result::Malformed)
                    sink.countSkipped("seq " + QByteArray::number(seq) + ": " + reason);
            }
            mark = advance(mark, std::max<qint64>(seq - std::max<qint64>(progress.lastSeq, 0), 0));
            progress.lastSeq = seq;
            // The state holds every session's progress: build it only when a checkpoint commits,
            // or a first read of many sessions would serialise it once per session (quadratic).
            if (++sinceCheckpoint >= kRowsPerCheckpoint && sink.checkpointDue()) {
                sinceCheckpoint = 0;
                progress.parserState = events.saveState();
                sink.checkpoint(mark, state(sessions));
                events.startBatch(); // the batch may have been handed off
                if (sink.stopped())
                    return true;
            }
        }
        progress.parserState = events.saveState();
        if (sink.checkpointDue()) {
            sink.checkpoint(mark, state(sessions));
            events.startBatch();
            if (sink.stopped())
                return true;
        }
    }
    sink.checkpoint(mark, state(sessions));
    return true;
}
