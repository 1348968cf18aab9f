// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>

class AppSettings;
class QTableWidget;
class QPushButton;
struct Budget;

// The budgets table the settings dialog shows as its "Budgets" tab: one row per budget (period, amount,
// scope and its project or agent, warn and alert levels, enabled), with add and remove. Edits stay in
// the table until save() writes them to the settings (BudgetStore), where the tray's monitor reads them
// at its next evaluation.
class BudgetEditor : public QWidget
{
    Q_OBJECT
public:
    enum Columns
    {
        PeriodColumn,
        AmountColumn,
        ScopeColumn,
        ScopeValueColumn,
        WarnColumn,
        AlertColumn,
        EnabledColumn,
        ColumnCount
    };

    BudgetEditor(AppSettings& settings, QWidget* parent = nullptr);

    void save();

private:
    void addRow(const Budget& budget);
    void removeSelectedRow();
    Budget budgetAt(int row) const;
    template <typename Widget> Widget* cell(int row, Columns column) const;

    AppSettings& m_settings;
    QTableWidget* m_table = nullptr;
    QPushButton* m_remove = nullptr;
    QStringList m_ids; // per row: the budget's id, kept across edits
};
