// SPDX-License-Identifier: MIT
#include "geminiprojectmap.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

GeminiProjectMap GeminiProjectMap::load(const QString& tmpDir)
{
    GeminiProjectMap map;
    map.m_tmpDir = tmpDir;
    // The registry is small (one entry per project), so QJsonDocument is fine here.
    QFile file(QFileInfo(tmpDir).dir().filePath(QStringLiteral("projects.json")));
    if (!file.open(QIODevice::ReadOnly))
        return map;
    const QJsonObject projects
        = QJsonDocument::fromJson(file.readAll()).object().value(u"projects").toObject();
    for (auto it = projects.begin(); it != projects.end(); ++it) {
        const QByteArray root = it.key().toUtf8();
        const QString slug = it.value().toString();
        if (!slug.isEmpty())
            map.m_byId.insert(slug, root);
        map.m_byId.insert(hashOf(root), root);
    }
    return map;
}

QByteArray GeminiProjectMap::rootOf(const QString& projectId) const
{
    // The marker names the owner of exactly this directory; the registry may be out of date.
    QFile marker(m_tmpDir + QLatin1Char('/') + projectId + QLatin1String("/.project_root"));
    if (marker.open(QIODevice::ReadOnly)) {
        const QByteArray root = marker.read(64 * 1024).trimmed();
        if (!root.isEmpty())
            return root;
    }
    return m_byId.value(projectId);
}

QString GeminiProjectMap::hashOf(const QByteArray& rootPath)
{
    return QString::fromLatin1(QCryptographicHash::hash(rootPath, QCryptographicHash::Sha256).toHex());
}
