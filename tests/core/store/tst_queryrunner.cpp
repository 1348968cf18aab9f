// SPDX-License-Identifier: MIT
#include "store/database.h"
#include "store/queryrunner.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace TestSupport;

class TestQueryRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resultArrivesOnTheCallersThread();
    void deletedReceiverGetsNothing();
    void failureIsReported();
};

void TestQueryRunner::resultArrivesOnTheCallersThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.db"));
    ingestClaude(path, { fixturePath(QStringLiteral("claude/basic")) });
    QueryRunner runner(path);
    QObject receiver;
    QThread* queryThread = nullptr;
    std::optional<qint64> count;
    runner.run<qint64>(
        &receiver,
        [&queryThread](Database& db) {
            queryThread = QThread::currentThread();
            SqliteStatement statement = db.prepare("SELECT count(*) FROM usage_records");
            statement.step();
            return statement.int64(0);
        },
        [&count](qint64 value) {
            QCOMPARE(QThread::currentThread(), qApp->thread());
            count = value;
        });
    QTRY_VERIFY(count.has_value());
    QVERIFY(queryThread != qApp->thread());
    QCOMPARE(*count, storeTotals(path).requests);
}

void TestQueryRunner::deletedReceiverGetsNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.db"));
    Database().open(path);
    QueryRunner runner(path);
    bool delivered = false;
    auto* receiver = new QObject;
    runner.run<int>(receiver, [](Database&) { return 1; }, [&delivered](int) { delivered = true; });
    delete receiver;
    runner.waitForDone();
    QCoreApplication::processEvents();
    QVERIFY(!delivered);
}

void TestQueryRunner::failureIsReported()
{
    QTemporaryDir dir;
    QueryRunner runner(dir.filePath(QStringLiteral("missing/store.db")));
    QSignalSpy errors(&runner, &QueryRunner::errorOccurred);
    QObject receiver;
    bool delivered = false;
    QString failure;
    runner.run<int>(
        &receiver, [](Database&) { return 1; }, [&delivered](int) { delivered = true; },
        [&failure](const QString& message) { failure = message; });
    QVERIFY(errors.wait(5000));
    QVERIFY(!errors.first().first().toString().isEmpty());
    // The caller's own failure callback gets the same message, on the caller's thread.
    QCOMPARE(failure, errors.first().first().toString());
    QVERIFY(!delivered);
}

QTEST_GUILESS_MAIN(TestQueryRunner)
#include "tst_queryrunner.moc"
