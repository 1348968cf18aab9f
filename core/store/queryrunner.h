// SPDX-License-Identifier: MIT
#pragma once

#include "readconnections.h"
#include "storeerror.h"

#include <functional>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

class Database;

// Runs the window's queries off the GUI thread (architecture.md §3): each query gets its pool thread's
// read-only connection and returns a value snapshot, which is handed to a callback on the runner's own
// thread. The callback is skipped when its receiver was deleted meanwhile, so a page may close while its
// query runs.
class QueryRunner : public QObject
{
    Q_OBJECT
public:
    explicit QueryRunner(QString databasePath, int threads = 2, QObject* parent = nullptr);
    ~QueryRunner() override; // waits for running queries

    QString databasePath() const { return m_databasePath; }

    // query runs on a pool thread; deliver(result) runs on this object's thread if receiver still exists.
    // A StoreError (or other exception) in query is reported through errorOccurred instead, and to
    // failed (same thread, same receiver check), so that the caller can undo its "loading" state.
    template <typename Result>
    void run(QObject* receiver, std::function<Result(Database&)> query, std::function<void(Result)> deliver,
        std::function<void(const QString&)> failed = {})
    {
        QPointer<QObject> guard(receiver);
        const QString path = m_databasePath;
        m_pool.start([this, guard, path, query = std::move(query), deliver = std::move(deliver),
                         failed = std::move(failed)] {
            try {
                Result result = query(ReadConnections::forCurrentThread(path));
                QMetaObject::invokeMethod(
                    this,
                    [guard, deliver, result = std::move(result)] {
                        if (guard)
                            deliver(result);
                    },
                    Qt::QueuedConnection);
            } catch (const StoreError& error) {
                reportError(error.message(), guard, failed);
            } catch (const std::exception& error) {
                reportError(QString::fromLocal8Bit(error.what()), guard, failed);
            }
        });
    }

    // Blocks until every started query ran and its result was queued (tests, shutdown).
    void waitForDone() { m_pool.waitForDone(); }

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    void reportError(
        const QString& message, const QPointer<QObject>& receiver, const std::function<void(const QString&)>& failed);

    QString m_databasePath;
    QThreadPool m_pool;
};
