// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QWidget>

class AgentComparisonModel;
class CostBreakdownModel;
class CumulativeCostChart;
class CumulativeCostModel;
class DailyCostModel;
class KpiTile;
class QAbstractItemModel;
class QComboBox;
class QGroupBox;
class QLabel;
class QTimer;
class QTreeView;
class RecentSessionsModel;
class StackedBarChart;
struct ChangeNotice;
struct DashboardSnapshot;

// The Dashboard page (issue 5): key figures of today, this week and this month, burn rate and month-end
// projection, today's running cost (live), daily cost by model or agent, agents compared, the cost
// breakdown and cache savings, and the latest sessions. Loads through context.queries; each change
// notice extends today's chart at once and schedules a re-query, debounced.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(const PageContext& context, QWidget* parent = nullptr);

    // Re-query everything (coalesced with a query that is running).
    void reload();
    bool isLoaded() const { return m_loaded; }

    static constexpr int kDebounceMs = 300;
    static constexpr int kPeriodicRefreshMs = 60 * 1000;

Q_SIGNALS:
    // A snapshot was shown (the first one ends the loading state).
    void snapshotAvailable();

private:
    void applySnapshot(const DashboardSnapshot& snapshot);
    void onChanges(const ChangeNotice& notice);
    void updateCumulativeChart();
    void updateDailyChart();
    void updateAgentChart();
    void updateBreakdownChart();
    void showBars(StackedBarChart* chart, const QAbstractItemModel& model, int labelColumn, int valueColumn,
        int valueRole, int maxRows);

    PageContext m_context;
    bool m_loaded = false;
    bool m_loading = false;
    bool m_reloadPending = false;
    QTimer* m_debounce = nullptr;
    QTimer* m_periodic = nullptr;

    QLabel* m_status = nullptr;
    KpiTile* m_todayTile = nullptr;
    KpiTile* m_weekTile = nullptr;
    KpiTile* m_monthTile = nullptr;
    KpiTile* m_burnTile = nullptr;
    KpiTile* m_projectionTile = nullptr;
    KpiTile* m_savingsTile = nullptr;

    CumulativeCostModel* m_cumulativeModel = nullptr;
    DailyCostModel* m_dailyModel = nullptr;
    AgentComparisonModel* m_agentModel = nullptr;
    CostBreakdownModel* m_breakdownModel = nullptr;
    RecentSessionsModel* m_recentModel = nullptr;

    CumulativeCostChart* m_cumulativeChart = nullptr;
    QGroupBox* m_dailyBox = nullptr;
    StackedBarChart* m_dailyChart = nullptr;
    QComboBox* m_split = nullptr;
    StackedBarChart* m_agentChart = nullptr;
    StackedBarChart* m_breakdownChart = nullptr;
    QTreeView* m_recentView = nullptr;
};
