// SPDX-License-Identifier: MIT
#include "modeldump.h"
#include "recentsessionsmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

class TestRecentSessionsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void rows();
};

void TestRecentSessionsModel::rows()
{
    RecentSessionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    DashboardSnapshot snapshot;
    DashboardSnapshot::RecentSession titled;
    titled.sessionId = QStringLiteral("7f1c2a9e");
    titled.title = QStringLiteral("Fix the parser");
    titled.source = QStringLiteral("claude");
    titled.agent = QStringLiteral("main");
    titled.totals.cost = 1.234;
    titled.totals.tokens.input = 12345;
    titled.lastTs = 1778068800000; // 2026-05-06T12:00Z
    DashboardSnapshot::RecentSession untitled;
    untitled.sessionId = QStringLiteral("ses-2");
    untitled.source = QStringLiteral("codex");
    untitled.agent = QStringLiteral("main");
    untitled.totals.unpricedRequests = 3;
    snapshot.recentSessions = { titled, untitled };
    model.setData(snapshot, QTimeZone("Europe/Berlin"));
    QCOMPARE(ModelDump::dump(model),
        QStringList({ QStringLiteral("Fix the parser | main (claude) | $1.23 | 12.3k | 6 May 2026 14:00:00"),
            QStringLiteral("ses-2 | main (codex) | $0.00 + 3 unpriced | 0 | –") }));
    QCOMPARE(
        model.index(0, RecentSessionsModel::TitleColumn).data(RecentSessionsModel::SessionIdRole).toString(),
        QStringLiteral("7f1c2a9e"));
    QVERIFY(!model.index(1, RecentSessionsModel::LastActivityColumn)
                 .data(RecentSessionsModel::ValueRole)
                 .isValid());
}

QTEST_GUILESS_MAIN(TestRecentSessionsModel)
#include "tst_recentsessionsmodel.moc"
