// SPDX-License-Identifier: MIT
#include "budgeteditor.h"

#include "budgets/budgetstore.h"
#include "settings/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QUuid>
#include <QVBoxLayout>

namespace {
QComboBox* comboOf(const QList<std::pair<QString, int>>& choices, int current, QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    for (const auto& [text, value] : choices)
        combo->addItem(text, value);
    combo->setCurrentIndex(combo->findData(current));
    return combo;
}

QSpinBox* percentBox(int value, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setRange(1, 1000);
    box->setSuffix(QStringLiteral(" %"));
    box->setValue(value);
    return box;
}
} // namespace

BudgetEditor::BudgetEditor(AppSettings& settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
{
    auto* layout = new QVBoxLayout(this);
    auto* intro
        = new QLabel(tr("A notification when spending reaches the warn level, the alert level, or "
                        "when at the current rate it would reach the alert level before the period "
                        "ends; each once per period. A project is its path or name, an agent a source "
                        "(claude, codex, opencode, openclaw, gemini) or an agent name (main, Explore, …)."),
            this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({ tr("Period"), tr("Amount"), tr("Scope"), tr("Project or agent"),
        tr("Warn at"), tr("Alert at"), tr("Enabled") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ScopeValueColumn, QHeaderView::Stretch);
    layout->addWidget(m_table);

    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add budget"), this);
    add->setObjectName(QStringLiteral("addBudget"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeBudget"));
    m_remove->setEnabled(false);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        Budget budget;
        budget.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        budget.amount = 10;
        addRow(budget);
        m_table->selectRow(m_table->rowCount() - 1);
    });
    connect(m_remove, &QPushButton::clicked, this, &BudgetEditor::removeSelectedRow);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
        [this] { m_remove->setEnabled(!m_table->selectionModel()->selectedRows().isEmpty()); });

    for (const Budget& budget : BudgetStore(m_settings).budgets())
        addRow(budget);
}

template <typename Widget> Widget* BudgetEditor::cell(int row, Columns column) const
{
    return qobject_cast<Widget*>(m_table->cellWidget(row, column));
}

void BudgetEditor::addRow(const Budget& budget)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_ids.append(budget.id);
    // Cells hold editors, and selecting a row needs items under them.
    for (int column = 0; column < ColumnCount; ++column)
        m_table->setItem(row, column, new QTableWidgetItem);

    m_table->setCellWidget(row, PeriodColumn,
        comboOf({ { tr("Day"), int(Budget::Period::Day) }, { tr("Week"), int(Budget::Period::Week) },
                    { tr("Month"), int(Budget::Period::Month) } },
            int(budget.period), m_table));
    auto* amount = new QDoubleSpinBox(m_table);
    amount->setRange(0.01, 1000000);
    amount->setDecimals(2);
    amount->setPrefix(QStringLiteral("$"));
    amount->setValue(budget.amount);
    m_table->setCellWidget(row, AmountColumn, amount);
    auto* scope = comboOf(
        { { tr("Everything"), int(Budget::Scope::All) }, { tr("Project"), int(Budget::Scope::Project) },
            { tr("Agent"), int(Budget::Scope::Agent) } },
        int(budget.scope), m_table);
    m_table->setCellWidget(row, ScopeColumn, scope);
    auto* value = new QLineEdit(budget.scopeValue, m_table);
    value->setPlaceholderText(tr("/home/me/src/shop, codex, Explore"));
    const auto updateValue = [scope, value] {
        value->setEnabled(Budget::Scope(scope->currentData().toInt()) != Budget::Scope::All);
    };
    updateValue();
    connect(scope, &QComboBox::currentIndexChanged, value, updateValue);
    m_table->setCellWidget(row, ScopeValueColumn, value);
    auto* warn = percentBox(budget.warnPercent, m_table);
    auto* alert = percentBox(budget.alertPercent, m_table);
    // A warning above the alert level would never come first: the evaluator skips such a budget.
    alert->setMinimum(warn->value());
    connect(warn, &QSpinBox::valueChanged, alert, &QSpinBox::setMinimum);
    m_table->setCellWidget(row, WarnColumn, warn);
    m_table->setCellWidget(row, AlertColumn, alert);
    auto* enabled = new QCheckBox(m_table);
    enabled->setChecked(budget.enabled);
    m_table->setCellWidget(row, EnabledColumn, enabled);
}

void BudgetEditor::removeSelectedRow()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const int row = rows.first().row();
    m_table->removeRow(row);
    m_ids.removeAt(row);
}

Budget BudgetEditor::budgetAt(int row) const
{
    Budget budget;
    budget.id = m_ids.at(row);
    budget.period = Budget::Period(cell<QComboBox>(row, PeriodColumn)->currentData().toInt());
    budget.amount = cell<QDoubleSpinBox>(row, AmountColumn)->value();
    budget.scope = Budget::Scope(cell<QComboBox>(row, ScopeColumn)->currentData().toInt());
    budget.scopeValue = budget.scope == Budget::Scope::All
        ? QString()
        : cell<QLineEdit>(row, ScopeValueColumn)->text().trimmed();
    budget.warnPercent = cell<QSpinBox>(row, WarnColumn)->value();
    budget.alertPercent = cell<QSpinBox>(row, AlertColumn)->value();
    budget.enabled = cell<QCheckBox>(row, EnabledColumn)->isChecked();
    return budget;
}

void BudgetEditor::save()
{
    QList<Budget> budgets;
    for (int row = 0; row < m_table->rowCount(); ++row)
        budgets.append(budgetAt(row));
    BudgetStore(m_settings).saveBudgets(budgets);
    m_settings.sync();
}
