// SPDX-License-Identifier: MIT
#include "claudefilecontext.h"

#include <cerrno>
#include <fcntl.h>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <unistd.h>

namespace {

// The name of the directory segment that ends before index end (a slash) of path; none before the start.
QStringView segmentBefore(QStringView path, qsizetype end)
{
    if (end < 0)
        return {};
    const qsizetype slash = end > 0 ? path.lastIndexOf(u'/', end - 1) : -1;
    return path.mid(slash + 1, end - slash - 1);
}

// A meta file is a one-line JSON object of a few hundred bytes. One of more than 1 MiB is not one, nor
// is anything that cannot be read whole: each reads as missing. O_NONBLOCK keeps a FIFO by that name
// from holding the parse thread (regular files ignore it).
QByteArray readMetaFile(const QString& path)
{
    const QByteArray encoded = QFile::encodeName(path);
    int fd;
    do
        fd = ::open(encoded.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return {};
    constexpr qsizetype kLimit = 1 << 20;
    QByteArray bytes;
    char chunk[16 * 1024];
    for (;;) {
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) { // a directory, an I/O error: not half a meta file
            bytes.clear();
            break;
        }
        if (got == 0)
            break;
        bytes.append(chunk, qsizetype(got));
        if (bytes.size() > kLimit) {
            bytes.clear();
            break;
        }
    }
    ::close(fd);
    return bytes;
}

} // namespace

// The path is taken apart as text, so it must be clean (no "." or ".." segments, no doubled slashes),
// as discovery makes every path it lists; the meta file is read with plain system calls. QFileInfo, QDir and
// QFile took 52 ms for the 4,823 transcripts of the 1 GB benchmark corpus (QDir::cdUp() stats the
// directory, QFile::open() stats the file three times), this 28 ms, on the parse thread, which a cold
// load waits for (docs/performance.md, session 18).
ClaudeFileContext ClaudeFileContext::fromPath(const QString& path)
{
    ClaudeFileContext context;
    context.path = path;
    const qsizetype nameStart = path.lastIndexOf(u'/') + 1;
    const QStringView name = QStringView(path).mid(nameStart);
    const qsizetype dot = name.lastIndexOf(u'.');
    const QStringView stem = dot < 0 ? name : name.left(dot); // QFileInfo::completeBaseName()
    const bool isAgentFile = stem.startsWith(QLatin1String("agent-"));
    const qsizetype dirEnd = nameStart - 1; // the slash before the name, or -1
    const QStringView dirName = dirEnd > 0 ? segmentBefore(path, dirEnd) : QStringView();
    if (isAgentFile && dirName == QLatin1String("subagents")) {
        context.kind = Kind::NestedAgent;
        const qsizetype sessionDirEnd = dirEnd - dirName.size() - 1;
        context.stemSessionId = segmentBefore(path, sessionDirEnd).toUtf8();
        context.agentId = stem.mid(6).toUtf8();
        const QByteArray meta = readMetaFile(path.left(nameStart) + stem + QLatin1String(".meta.json"));
        if (!meta.isEmpty()) {
            const QJsonObject object = QJsonDocument::fromJson(meta).object();
            context.agentType = object.value(QLatin1String("agentType")).toString().toUtf8();
            context.description = object.value(QLatin1String("description")).toString().toUtf8();
            context.spawnToolUseId = object.value(QLatin1String("toolUseId")).toString().toUtf8();
            context.spawnDepth = object.value(QLatin1String("spawnDepth")).toInt();
        }
        // Compaction agents have no meta file; name them so they are not mistaken for user tasks.
        if (context.agentType.isEmpty() && context.agentId.startsWith("acompact"))
            context.agentType = "compact";
    } else if (isAgentFile) {
        context.kind = Kind::FlatAgent;
        context.agentId = stem.mid(6).toUtf8();
    } else {
        context.stemSessionId = stem.toUtf8();
    }
    return context;
}

QByteArray ClaudeFileContext::childSessionId(const QByteArray& parentSessionId, const QByteArray& agentId)
{
    return parentSessionId + ":agent-" + agentId;
}
