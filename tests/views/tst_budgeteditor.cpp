// SPDX-License-Identifier: MIT
#include "budgeteditor.h"
#include "budgets/budgetstore.h"
#include "settings/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {
Budget monthlyCodex()
{
    Budget budget;
    budget.id = QStringLiteral("codex-month");
    budget.period = Budget::Period::Month;
    budget.amount = 250;
    budget.scope = Budget::Scope::Agent;
    budget.scopeValue = QStringLiteral("codex");
    budget.warnPercent = 70;
    budget.alertPercent = 120;
    return budget;
}

Budget dailyAll()
{
    Budget budget;
    budget.id = QStringLiteral("day");
    budget.amount = 20;
    return budget;
}

template <typename Widget> Widget* cell(QTableWidget* table, int row, BudgetEditor::Columns column)
{
    return qobject_cast<Widget*>(table->cellWidget(row, column));
}
} // namespace

class TestBudgetEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsTheSavedBudgets();
    void addEditRemoveAndSave();
    void unsavedEditsAreNotStored();
    void alertLevelStaysAtOrAboveWarn();
};

void TestBudgetEditor::showsTheSavedBudgets()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("a.conf")));
    BudgetStore(settings).saveBudgets({ dailyAll(), monthlyCodex() });
    BudgetEditor editor(settings);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto* table = editor.findChild<QTableWidget*>();
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(cell<QComboBox>(table, 1, BudgetEditor::PeriodColumn)->currentText(), QStringLiteral("Month"));
    QCOMPARE(cell<QDoubleSpinBox>(table, 1, BudgetEditor::AmountColumn)->value(), 250.0);
    QCOMPARE(cell<QComboBox>(table, 1, BudgetEditor::ScopeColumn)->currentText(), QStringLiteral("Agent"));
    QCOMPARE(cell<QLineEdit>(table, 1, BudgetEditor::ScopeValueColumn)->text(), QStringLiteral("codex"));
    QVERIFY(cell<QLineEdit>(table, 1, BudgetEditor::ScopeValueColumn)->isEnabled());
    QVERIFY(!cell<QLineEdit>(table, 0, BudgetEditor::ScopeValueColumn)->isEnabled()); // "Everything"
    QCOMPARE(cell<QSpinBox>(table, 1, BudgetEditor::WarnColumn)->value(), 70);
    QCOMPARE(cell<QSpinBox>(table, 1, BudgetEditor::AlertColumn)->value(), 120);
    QVERIFY(cell<QCheckBox>(table, 0, BudgetEditor::EnabledColumn)->isChecked());
    // Saving without edits changes nothing.
    editor.save();
    QCOMPARE(BudgetStore(settings).budgets(), QList<Budget>({ dailyAll(), monthlyCodex() }));
}

void TestBudgetEditor::addEditRemoveAndSave()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.conf"));
    AppSettings settings(path);
    BudgetStore(settings).saveBudgets({ dailyAll(), monthlyCodex() });
    BudgetEditor editor(settings);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto* table = editor.findChild<QTableWidget*>();
    auto* add = editor.findChild<QPushButton*>(QStringLiteral("addBudget"));
    auto* remove = editor.findChild<QPushButton*>(QStringLiteral("removeBudget"));
    QVERIFY(table && add && remove);
    table->clearSelection();
    QVERIFY(!remove->isEnabled());

    // Remove the daily budget.
    table->selectRow(0);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);

    // Add a weekly project budget.
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(table->rowCount(), 2);
    auto* period = cell<QComboBox>(table, 1, BudgetEditor::PeriodColumn);
    period->setCurrentIndex(period->findText(QStringLiteral("Week")));
    cell<QDoubleSpinBox>(table, 1, BudgetEditor::AmountColumn)->setValue(75.5);
    auto* scope = cell<QComboBox>(table, 1, BudgetEditor::ScopeColumn);
    auto* value = cell<QLineEdit>(table, 1, BudgetEditor::ScopeValueColumn);
    QVERIFY(!value->isEnabled());
    scope->setCurrentIndex(scope->findText(QStringLiteral("Project")));
    QVERIFY(value->isEnabled());
    QTest::keyClicks(value, QStringLiteral(" /home/ana/src/shop "));
    cell<QSpinBox>(table, 1, BudgetEditor::WarnColumn)->setValue(50);
    // And switch the codex budget off.
    cell<QCheckBox>(table, 0, BudgetEditor::EnabledColumn)->setChecked(false);
    editor.save();

    AppSettings reread(path);
    const QList<Budget> saved = BudgetStore(reread).budgets();
    QCOMPARE(saved.size(), 2);
    Budget codex = monthlyCodex();
    codex.enabled = false;
    QCOMPARE(saved.at(0), codex);
    const Budget& added = saved.at(1);
    QVERIFY(!added.id.isEmpty());
    QVERIFY(added.id != codex.id);
    QCOMPARE(added.period, Budget::Period::Week);
    QCOMPARE(added.amount, 75.5);
    QCOMPARE(added.scope, Budget::Scope::Project);
    QCOMPARE(added.scopeValue, QStringLiteral("/home/ana/src/shop"));
    QCOMPARE(added.warnPercent, 50);
    QCOMPARE(added.alertPercent, 100);
    QVERIFY(added.enabled);
}

void TestBudgetEditor::unsavedEditsAreNotStored()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("a.conf")));
    BudgetStore(settings).saveBudgets({ dailyAll() });
    {
        BudgetEditor editor(settings);
        auto* table = editor.findChild<QTableWidget*>();
        cell<QDoubleSpinBox>(table, 0, BudgetEditor::AmountColumn)->setValue(99);
        QTest::mouseClick(editor.findChild<QPushButton*>(QStringLiteral("addBudget")), Qt::LeftButton);
    }
    QCOMPARE(BudgetStore(settings).budgets(), QList<Budget> { dailyAll() });
}

void TestBudgetEditor::alertLevelStaysAtOrAboveWarn()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("a.conf")));
    BudgetStore(settings).saveBudgets({ dailyAll() });
    BudgetEditor editor(settings);
    auto* table = editor.findChild<QTableWidget*>();
    cell<QSpinBox>(table, 0, BudgetEditor::WarnColumn)->setValue(150);
    editor.save();
    const Budget saved = BudgetStore(settings).budgets().value(0);
    QCOMPARE(saved.warnPercent, 150);
    QCOMPARE(saved.alertPercent, 150);
    QVERIFY(saved.isActive());
}

QTEST_MAIN(TestBudgetEditor)
#include "tst_budgeteditor.moc"
