// SPDX-License-Identifier: MIT
// TraceListModel: the Traces page's list of roots, from TraceQuery::recentRoots on the fixtures.
#include "modeldump.h"
#include "snapshots/tracequery.h"
#include "store/database.h"
#include "testsupport.h"
#include "tracelistmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

class TestTraceListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsRootsInTheGivenZone();
};

void TestTraceListModel::listsRootsInTheGivenZone()
{
    QLocale::setDefault(QLocale::c());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    Database db;
    db.open(path, Database::Mode::ReadOnly);

    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTimeZone(QTimeZone::utc());
    const TraceRootList roots = TraceQuery::recentRoots(db, 3, ReportOptions::CostMode::Auto);
    model.setData(roots);
    QCOMPARE(ModelDump::dump(model),
        (QStringList {
            QStringLiteral("Fix the login bug | gemini/main | $0.0245 | 2026-05-06 08:00"),
            QStringLiteral("Add refund endpoint | gemini/main | $0.0645 | 2026-05-04 11:05"),
            QStringLiteral("Morning inbox | openclaw/main | $0.0889 | 2026-05-04 10:07"),
        }));
    QCOMPARE(model.rowOf(roots.at(1).rowId), 1);
    QCOMPARE(model.rowOf(-5), -1);
    QCOMPARE(model.index(2, 0).data(TraceListModel::RowIdRole).toLongLong(), roots.at(2).rowId);

    // Another zone moves the times; the rows stay.
    model.setTimeZone(QTimeZone(2 * 3600));
    QCOMPARE(
        model.index(0, TraceListModel::WhenColumn).data().toString(), QStringLiteral("2026-05-06 10:00"));
    model.setData({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestTraceListModel)
#include "tst_tracelistmodel.moc"
