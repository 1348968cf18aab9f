// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QString>

// The demo data the CLI and the window fall back to when there are no agent logs: a generated corpus
// of every source with a generator, kept below <dataDir>/demo, and a database of its own so that the
// user's real database never holds generated numbers.
class DemoCorpus
{
public:
    explicit DemoCorpus(QString dataDir);

    QString directory() const; // <dataDir>/demo
    QString databasePath() const; // <dataDir>/agentmeter-demo.db

    // Smaller corpora for tests; 1 = the size the CLI uses.
    void setSizeFactor(double factor) { m_sizeFactor = factor; }

    // What ensure() made: each source's root, or the reason it could not.
    struct Result
    {
        QHash<QString, QString> rootBySource;
        QString databasePath;
        QString error; // empty on success
    };

    // Writes each source's corpus unless a previous run completed it (a marker file says so), with its
    // activity ending at end. progress(done, total) is called before each source and at the end. Blocks:
    // the window runs it on a worker thread.
    Result ensure(const QDateTime& end, const std::function<void(int done, int total)>& progress = {}) const;

private:
    QString m_dataDir;
    double m_sizeFactor = 1.0;
};
Q_DECLARE_METATYPE(DemoCorpus::Result)
