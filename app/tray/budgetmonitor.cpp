// SPDX-License-Identifier: MIT
#include "budgetmonitor.h"

#include "budgets/budgetspendquery.h"
#include "budgets/budgetstore.h"
#include "settings/appsettings.h"
#include "store/queryrunner.h"
#include "storechanges.h"

BudgetMonitor::BudgetMonitor(
    QueryRunner& queries, StoreChanges* changes, AppSettings& settings, Options options, QObject* parent)
    : QObject(parent)
    , m_queries(queries)
    , m_settings(settings)
    , m_options(std::move(options))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(m_options.debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &BudgetMonitor::refresh);
    if (changes) {
        connect(changes, &StoreChanges::changesAvailable, this, [this] {
            // Not restarted by later notices: a steady stream of them must not postpone the evaluation.
            if (!m_debounce.isActive())
                m_debounce.start();
        });
    }
    m_interval.setInterval(m_options.intervalMs);
    connect(&m_interval, &QTimer::timeout, this, &BudgetMonitor::refresh);
    m_interval.start();
    QMetaObject::invokeMethod(this, &BudgetMonitor::refresh, Qt::QueuedConnection);
}

BudgetMonitor::~BudgetMonitor() = default;

void BudgetMonitor::addSink(std::unique_ptr<AlertSink> sink)
{
    m_sinks.push_back(std::move(sink));
}

void BudgetMonitor::refresh()
{
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    // The list is read now and evaluated with its own spend, even if the editor saves meanwhile.
    const QList<Budget> budgets = BudgetStore(m_settings).budgets();
    const QDateTime now = m_options.clock();
    const QTimeZone zone = m_options.zone;
    const ReportOptions::CostMode mode = m_options.costMode;
    m_queries.run<BudgetSpendSnapshot>(
        this,
        [budgets, now, zone, mode](
            Database& db) { return BudgetSpendQuery::run(db, budgets, now, zone, mode); },
        [this, budgets, now](const BudgetSpendSnapshot& spend) {
            m_running = false;
            apply(budgets, spend, now);
            if (std::exchange(m_again, false))
                refresh();
        },
        // The next timer or notice must be able to try again.
        [this](const QString&) { m_running = false; });
}

void BudgetMonitor::apply(
    const QList<Budget>& budgets, const BudgetSpendSnapshot& spend, const QDateTime& now)
{
    BudgetStore store(m_settings);
    BudgetNotifications notified = store.notifications();
    const BudgetEvaluator::Result result
        = BudgetEvaluator::evaluate(budgets, spend.byBudget, now, m_options.zone, notified);
    if (!result.crossings.isEmpty()) {
        // Saved before delivering: a crash while notifying must not notify again after a restart.
        store.saveNotifications(notified);
        m_settings.sync();
    }
    m_statuses = result.statuses;
    m_todayCost = spend.todayCost;
    m_evaluated = true;
    for (const BudgetEvaluator::Crossing& crossing : result.crossings) {
        const Alert alert = Alert::fromCrossing(crossing);
        for (const auto& sink : m_sinks)
            sink->deliver(alert);
        Q_EMIT alertRaised(alert);
    }
    Q_EMIT statusChanged();
}
