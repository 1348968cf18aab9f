// SPDX-License-Identifier: MIT
#include "democorpus.h"

#include "corpusgenerators.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <stdexcept>

DemoCorpus::DemoCorpus(QString dataDir)
    : m_dataDir(std::move(dataDir))
{ }

QString DemoCorpus::directory() const
{
    return m_dataDir + QLatin1String("/demo");
}

QString DemoCorpus::databasePath() const
{
    return m_dataDir + QLatin1String("/agentmeter-demo.db");
}

DemoCorpus::Result DemoCorpus::ensure(
    const QDateTime& end, const std::function<void(int, int)>& progress) const
{
    Result result;
    const QStringList sources = CorpusGenerators::sources();
    for (int index = 0; index < sources.size(); ++index) {
        const QString& source = sources.at(index);
        if (progress)
            progress(index, int(sources.size()));
        const QString root = directory() + QLatin1Char('/') + source;
        const QString marker = root + QLatin1String("/.agentmeter-demo-complete");
        if (!QFileInfo::exists(marker)) {
            // A corpus without its marker was interrupted: start it over rather than ingest half of it.
            QDir(root).removeRecursively();
            CorpusOptions options;
            options.outputDir = root;
            options.targetBytes
                = qint64((source == QLatin1String("claude") ? 12'000'000 : 4'000'000) * m_sizeFactor);
            options.end = end;
            try {
                CorpusGenerators::generate(source, options);
            } catch (const std::runtime_error& error) {
                result.error = QString::fromLocal8Bit(error.what());
                return result;
            }
            QFile done(marker);
            if (!done.open(QIODevice::WriteOnly)) {
                result.error = QStringLiteral("cannot write %1").arg(marker);
                return result;
            }
        }
        result.rootBySource.insert(source, root);
    }
    if (progress)
        progress(int(sources.size()), int(sources.size()));
    result.databasePath = databasePath();
    return result;
}
