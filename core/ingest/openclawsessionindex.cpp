// SPDX-License-Identifier: MIT
#include "openclawsessionindex.h"

#include "isotime.h"
#include "openclawfilecontext.h"

#include <QDateTime>
#include <QFileInfo>
#include <simdjson.h>

using namespace simdjson;

namespace {
QByteArray text(dom::element value)
{
    std::string_view s;
    if (value.get_string().get(s))
        return {};
    return QByteArray(s.data(), qsizetype(s.size()));
}

qint64 number(dom::element value)
{
    int64_t i = 0;
    if (!value.get_int64().get(i))
        return i;
    double d = 0;
    if (!value.get_double().get(d) && d >= 0 && d < 9e15)
        return qint64(d);
    return 0;
}
} // namespace

bool OpenClawSessionIndex::parseStore(
    std::string_view json, size_t capacity, const std::function<void(const Entry&)>& visit)
{
    (void)capacity; // callers hand padded buffers
    dom::parser parser;
    dom::element document;
    if (parser.parse(json.data(), json.size(), false).get(document))
        return false;
    dom::object map;
    if (document.get_object().get(map))
        return false;
    for (auto item : map) {
        dom::object fields;
        if (item.value.get_object().get(fields))
            continue;
        Entry entry;
        QByteArray sessionFile;
        entry.key = QByteArray(item.key.data(), qsizetype(item.key.size()));
        for (auto field : fields) {
            const std::string_view key = field.key;
            if (key == "sessionId")
                entry.sessionId = text(field.value);
            else if (key == "sessionFile")
                sessionFile = text(field.value);
            else if (key == "spawnedBy")
                entry.spawnedBy = text(field.value);
            else if (key == "parentSessionKey")
                entry.parentSessionKey = text(field.value);
            else if (key == "label")
                entry.label = text(field.value);
            else if (key == "displayName")
                entry.displayName = text(field.value);
            else if (key == "status")
                entry.status = text(field.value);
            else if (key == "spawnedCwd" || (key == "spawnedWorkspaceDir" && entry.cwd.isEmpty()))
                entry.cwd = text(field.value);
            else if (key == "spawnDepth")
                entry.spawnDepth = int(number(field.value));
            else if (key == "startedAt")
                entry.startedAt = IsoTime::fromMs(number(field.value));
            else if (key == "endedAt")
                entry.endedAt = IsoTime::fromMs(number(field.value));
        }
        // Transcripts are named by their file (a Telegram topic's is `<sessionId>-topic-<threadId>.jsonl`),
        // so the file names the session when the entry says which file it writes.
        if (!sessionFile.isEmpty()) {
            const qsizetype slash = sessionFile.lastIndexOf('/');
            QByteArray name = sessionFile.mid(slash + 1);
            const qsizetype jsonl = name.indexOf(".jsonl");
            if (jsonl > 0)
                entry.sessionId = name.left(jsonl);
        }
        visit(entry);
    }
    return true;
}

QByteArray OpenClawSessionIndex::sessionIdOf(
    const QString& agentsDir, const QByteArray& defaultAgent, const QByteArray& key)
{
    if (key.isEmpty() || agentsDir.isEmpty())
        return {};
    QByteArray agent = OpenClawFileContext::agentOfKey(key);
    if (agent.isEmpty())
        agent = defaultAgent;
    const QString path
        = agentsDir + QLatin1Char('/') + QString::fromUtf8(agent) + QLatin1String("/sessions/sessions.json");
    const QFileInfo info(path);
    std::lock_guard<std::mutex> lock(m_mutex);
    Store& store = m_stores[path];
    const qint64 size = info.exists() ? info.size() : -2;
    const qint64 mtime = info.exists() ? info.lastModified().toMSecsSinceEpoch() : -2;
    if (store.size != size || store.mtimeMs != mtime) {
        store = Store();
        store.size = size;
        store.mtimeMs = mtime;
        padded_string json;
        if (size >= 0 && !padded_string::load(QFile::encodeName(path).toStdString()).get(json)) {
            parseStore(std::string_view(json.data(), json.size()), json.size() + SIMDJSON_PADDING,
                [&store](const Entry& entry) {
                    if (!entry.sessionId.isEmpty())
                        store.ids.insert(entry.key, entry.sessionId);
                });
        }
    }
    return store.ids.value(key);
}
