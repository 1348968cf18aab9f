// SPDX-License-Identifier: MIT
#include "codexstatereader.h"

#include "isotime.h"

#include <QDateTime>
#include <QUrl>
#include <sqlite3.h>

CodexStateReader::CodexStateReader(QString path, KnownThread knownThread)
    : m_path(std::move(path))
    , m_knownThread(std::move(knownThread))
{ }

bool CodexStateReader::read(qint64 watermark, const QByteArray& state, DatabaseSink& sink, QString* error)
{
    Q_UNUSED(state);
    const QByteArray uri = QUrl::fromLocalFile(m_path).toEncoded() + "?mode=ro";
    sqlite3* db = nullptr;
    auto fail = [&](const char* what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(
                QLatin1String(what), QString::fromUtf8(db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close(db);
        return false;
    };
    if (sqlite3_open_v2(uri.constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
        return fail("cannot open");
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* query = nullptr;
    // Rows updated in the watermark's second may have been written after the last read: read that
    // second again (titles are idempotent).
    if (sqlite3_prepare_v2(db,
            "SELECT id, title, updated_at FROM threads WHERE updated_at >= ?1 AND title IS NOT NULL "
            "AND title != '' ORDER BY updated_at",
            -1, &query, nullptr)
        != SQLITE_OK)
        return fail("cannot read threads");
    sqlite3_bind_int64(query, 1, watermark);
    qint64 newest = watermark;
    // A time past tomorrow is damage (milliseconds written as seconds, a garbled row): such a row's title
    // counts as undated, and it does not move the watermark, which would hide every title written after
    // it from the next runs. It is read again each run instead; titles are idempotent.
    const qint64 latest = QDateTime::currentSecsSinceEpoch() + 86400;
    int rc = SQLITE_ROW;
    while (!sink.stopped() && (rc = sqlite3_step(query)) == SQLITE_ROW) {
        sink.countRow();
        const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
        const auto* title = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
        const qint64 updated = sqlite3_column_int64(query, 2);
        if (!id || !title) {
            sink.countSkipped("thread without id or title");
            continue;
        }
        const QByteArray threadId(id);
        const qint64 updatedMs = updated <= latest ? IsoTime::fromSeconds(updated) : 0;
        if (updatedMs > 0)
            newest = qMax(newest, updated);
        if (m_knownThread && !m_knownThread(threadId))
            continue;
        sink.batch().session(threadId).offerTitle(
            QByteArray(title).trimmed(), SessionUpdate::AiTitle, updatedMs);
    }
    sqlite3_finalize(query);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail("cannot read threads");
    sqlite3_close(db);
    if (!sink.stopped())
        sink.checkpoint(newest, {});
    return true;
}
