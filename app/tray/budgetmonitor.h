// SPDX-License-Identifier: MIT
#pragma once

#include "alert.h"
#include "alertsink.h"
#include "budgets/budgetevaluator.h"
#include "reports/reportoptions.h"

#include <functional>
#include <memory>
#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <QTimeZone>
#include <vector>

class AppSettings;
class QueryRunner;
class StoreChanges;

// Watches the budgets on the GUI thread: after the store changed (debounced) and every minute it runs
// BudgetSpendQuery on the query pool, evaluates the budgets saved in the settings, keeps the notified
// state there, and hands each new crossing to its sinks. One evaluation runs at a time; a request
// during one runs once more after it.
class BudgetMonitor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QTimeZone zone = QTimeZone::systemTimeZone();
        ReportOptions::CostMode costMode = ReportOptions::CostMode::Auto; // which cost a budget counts
        std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); };
        int debounceMs = 2000; // a burst of ingest notices is one evaluation
        int intervalMs = 60 * 1000; // periods roll over and projections age without new data
    };

    BudgetMonitor(QueryRunner& queries, StoreChanges* changes, AppSettings& settings, Options options,
        QObject* parent = nullptr);
    ~BudgetMonitor() override;

    void addSink(std::unique_ptr<AlertSink> sink);

    // The latest evaluation: active budgets, and today's cost over everything.
    const QList<BudgetEvaluator::Status>& statuses() const { return m_statuses; }
    double todayCost() const { return m_todayCost; }
    bool hasEvaluated() const { return m_evaluated; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void alertRaised(const Alert& alert);
    void statusChanged();

private:
    void apply(const QList<Budget>& budgets, const BudgetSpendSnapshot& spend, const QDateTime& now);

    QueryRunner& m_queries;
    AppSettings& m_settings;
    Options m_options;
    std::vector<std::unique_ptr<AlertSink>> m_sinks;
    QTimer m_debounce;
    QTimer m_interval;
    bool m_running = false;
    bool m_again = false;
    bool m_evaluated = false;
    QList<BudgetEvaluator::Status> m_statuses;
    double m_todayCost = 0;
};
