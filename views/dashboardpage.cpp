// SPDX-License-Identifier: MIT
#include "dashboardpage.h"

#include "agentcomparisonmodel.h"
#include "charts/cumulativecostchart.h"
#include "charts/stackedbarchart.h"
#include "costbreakdownmodel.h"
#include "cumulativecostmodel.h"
#include "dailycostmodel.h"
#include "displayformat.h"
#include "kpitile.h"
#include "pricing/pricebook.h"
#include "recentsessionsmodel.h"
#include "snapshots/dashboardquery.h"
#include "store/queryrunner.h"
#include "storechanges.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QTreeView>

namespace {

// Qt Charts elides every category label once a row is shorter than the label's box: eight rows are what a
// dashboard-sized chart keeps readable.
constexpr int kAgentBars = 8;

QGroupBox* box(const QString& title, QWidget* content, QWidget* parent, QWidget* corner = nullptr)
{
    auto* group = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(group);
    layout->setContentsMargins(4, 4, 4, 4);
    if (corner)
        layout->addWidget(corner, 0, Qt::AlignRight);
    layout->addWidget(content);
    return group;
}

QString tokensDetail(const UsageTotals& totals)
{
    return DashboardPage::tr("%1 tokens, %n requests", nullptr, int(totals.requests))
        .arg(DisplayFormat::tokens(totals.tokens.total()));
}

} // namespace

DashboardPage::DashboardPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    if (!m_context.prices)
        m_context.prices = PriceBook::embedded();

    m_cumulativeModel = new CumulativeCostModel(this);
    m_dailyModel = new DailyCostModel(this);
    m_agentModel = new AgentComparisonModel(this);
    m_breakdownModel = new CostBreakdownModel(this);
    m_recentModel = new RecentSessionsModel(this);

    auto* layout = new QVBoxLayout(this);
    m_status = new QLabel(tr("Loading…"), this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* tiles = new QHBoxLayout;
    m_todayTile = new KpiTile(tr("Today"), this);
    m_weekTile = new KpiTile(tr("This week"), this);
    m_monthTile = new KpiTile(tr("This month"), this);
    m_burnTile = new KpiTile(tr("Burn rate"), this);
    m_burnTile->setToolTip(tr("The cost of the requests of the last 60 minutes, per hour."));
    m_projectionTile = new KpiTile(tr("Month-end projection"), this);
    m_projectionTile->setToolTip(
        tr("This month's cost so far, plus the month's average daily cost so far (today "
           "counted as a whole day) for each day that is left."));
    m_savingsTile = new KpiTile(tr("Cache savings, 30 days"), this);
    m_savingsTile->setToolTip(
        tr("What the cache reads of the last 30 days would have cost at the fresh input "
           "price, less what they cost at the cache read price."));
    for (KpiTile* tile :
        { m_todayTile, m_weekTile, m_monthTile, m_burnTile, m_projectionTile, m_savingsTile })
        tiles->addWidget(tile, 1);
    layout->addLayout(tiles);

    m_cumulativeChart = new CumulativeCostChart(this);
    m_dailyChart = new StackedBarChart(Qt::Vertical, this);
    m_split = new QComboBox(this);
    m_split->addItem(tr("By model"), QVariant::fromValue(DailyCostModel::Split::ByModel));
    m_split->addItem(tr("By agent"), QVariant::fromValue(DailyCostModel::Split::ByAgent));
    m_agentChart = new StackedBarChart(Qt::Horizontal, this);
    m_breakdownChart = new StackedBarChart(Qt::Horizontal, this);
    m_breakdownChart->setToolTip(tr("At the price book's base rates; the sum can differ from the total where "
                                    "agents logged their own cost or long-context prices applied."));
    m_recentView = new QTreeView(this);
    m_recentView->setRootIsDecorated(false);
    m_recentView->setUniformRowHeights(true);
    m_recentView->setModel(m_recentModel);
    m_recentView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_recentView->header()->setSectionResizeMode(RecentSessionsModel::TitleColumn, QHeaderView::Stretch);
    m_recentView->header()->setStretchLastSection(false);

    auto* grid = new QGridLayout;
    grid->addWidget(box(tr("Today's cost"), m_cumulativeChart, this), 0, 0, 1, 2);
    m_dailyBox = box(tr("Daily cost, last 30 days"), m_dailyChart, this, m_split);
    grid->addWidget(m_dailyBox, 0, 2);
    grid->addWidget(box(tr("Costliest agents, last 30 days"), m_agentChart, this), 1, 0);
    grid->addWidget(box(tr("Cost breakdown, last 30 days"), m_breakdownChart, this), 1, 1);
    grid->addWidget(box(tr("Recent sessions"), m_recentView, this), 1, 2);
    // Agent names are longer than the breakdown's labels.
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 4);
    layout->addLayout(grid, 1);

    connect(m_cumulativeModel, &QAbstractItemModel::modelReset, this, &DashboardPage::updateCumulativeChart);
    connect(m_cumulativeModel, &QAbstractItemModel::dataChanged, this, &DashboardPage::updateCumulativeChart);
    connect(m_dailyModel, &QAbstractItemModel::modelReset, this, &DashboardPage::updateDailyChart);
    connect(m_agentModel, &QAbstractItemModel::modelReset, this, &DashboardPage::updateAgentChart);
    connect(m_breakdownModel, &QAbstractItemModel::modelReset, this, &DashboardPage::updateBreakdownChart);
    connect(m_split, &QComboBox::currentIndexChanged, this,
        [this] { m_dailyModel->setSplit(m_split->currentData().value<DailyCostModel::Split>()); });

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &DashboardPage::reload);
    // The burn rate decays and "today" ends without any new request.
    m_periodic = new QTimer(this);
    m_periodic->setInterval(kPeriodicRefreshMs);
    connect(m_periodic, &QTimer::timeout, this, &DashboardPage::reload);

    if (m_context.changes)
        connect(m_context.changes, &StoreChanges::changesAvailable, this, &DashboardPage::onChanges);
    if (m_context.queries) {
        reload();
        m_periodic->start();
    }
}

void DashboardPage::reload()
{
    if (!m_context.queries)
        return;
    if (m_loading) {
        m_reloadPending = true;
        return;
    }
    m_loading = true;
    const QDateTime now = m_context.now();
    const QTimeZone timeZone = m_context.timeZone;
    const std::shared_ptr<const PriceBook> prices = m_context.prices;
    const ReportOptions::CostMode mode = m_context.costMode;
    m_context.queries->run<DashboardSnapshot>(
        this,
        [now, timeZone, prices, mode](
            Database& db) { return DashboardQuery::load(db, now, timeZone, prices.get(), mode); },
        [this](const DashboardSnapshot& snapshot) {
            m_loading = false;
            applySnapshot(snapshot);
            if (m_reloadPending) {
                m_reloadPending = false;
                reload();
            }
        },
        [this](const QString& message) {
            m_loading = false;
            m_status->setText(tr("The dashboard could not be read: %1").arg(message));
        });
}

void DashboardPage::onChanges(const ChangeNotice& notice)
{
    // Before the first snapshot the model has no day to add to; the re-query brings the request.
    if (m_loaded)
        m_cumulativeModel->apply(notice.usage, m_context.costMode);
    // Not restarted by later notices: a long ingest still refreshes the page every few hundred ms.
    if (!m_debounce->isActive())
        m_debounce->start();
}

void DashboardPage::applySnapshot(const DashboardSnapshot& snapshot)
{
    const QLocale locale;
    m_todayTile->setValue(
        DisplayFormat::money(snapshot.todayTotals.cost, snapshot.todayTotals.unpricedRequests),
        tokensDetail(snapshot.todayTotals));
    m_weekTile->setValue(DisplayFormat::money(snapshot.weekTotals.cost, snapshot.weekTotals.unpricedRequests),
        tokensDetail(snapshot.weekTotals));
    m_monthTile->setValue(
        DisplayFormat::money(snapshot.monthTotals.cost, snapshot.monthTotals.unpricedRequests),
        tokensDetail(snapshot.monthTotals));
    m_burnTile->setValue(
        tr("%1/h").arg(DisplayFormat::money(snapshot.lastHour.cost, snapshot.lastHour.unpricedRequests)),
        tr("last 60 minutes, %n requests", nullptr, int(snapshot.lastHour.requests)));
    m_projectionTile->setValue(DisplayFormat::money(snapshot.projectedMonthCost),
        tr("by the end of %1").arg(locale.monthName(snapshot.today.month())));
    m_savingsTile->setValue(
        snapshot.cacheSavings ? DisplayFormat::money(*snapshot.cacheSavings) : QStringLiteral("–"),
        tr("%1 cache-read tokens")
            .arg(DisplayFormat::tokens(snapshot.components[DashboardSnapshot::CacheRead].tokens)));

    m_cumulativeModel->setData(snapshot, m_context.timeZone);
    m_dailyModel->setData(snapshot);
    m_agentModel->setData(snapshot);
    m_breakdownModel->setData(snapshot);
    m_recentModel->setData(snapshot, m_context.timeZone);

    QString status
        = tr("Updated %1").arg(locale.toString(QDateTime::currentDateTime().time(), QLocale::ShortFormat));
    if (snapshot.windowTotals.unpricedRequests > 0)
        status += QLatin1String(" · ")
            + tr("%n requests of the last 30 days have no price", nullptr,
                int(snapshot.windowTotals.unpricedRequests));
    if (!snapshot.unpricedModels.isEmpty())
        status += QLatin1String(" · ")
            + tr("not in the breakdown (no price): %1")
                  .arg(snapshot.unpricedModels.join(QLatin1String(", ")));
    m_status->setText(status);
    m_loaded = true;
    Q_EMIT snapshotAvailable();
}

void DashboardPage::updateCumulativeChart()
{
    const qint64 start = m_cumulativeModel->dayStartMs();
    const qint64 end = m_cumulativeModel->dayEndMs();
    QList<QPointF> points;
    points.reserve(m_cumulativeModel->rowCount() + 2);
    points.append(QPointF(qreal(start), 0));
    for (int row = 0; row < m_cumulativeModel->rowCount(); ++row) {
        const QModelIndex cumulative = m_cumulativeModel->index(row, CumulativeCostModel::CumulativeColumn);
        // A minute's cost is complete at its end.
        points.append(QPointF(qreal(cumulative.data(CumulativeCostModel::TimeMsRole).toLongLong() + 60000),
            cumulative.data(CumulativeCostModel::ValueRole).toDouble()));
    }
    const qint64 now = m_context.now().toMSecsSinceEpoch();
    if (now > start && now < end && now > points.last().x())
        points.append(QPointF(qreal(now), points.last().y()));
    m_cumulativeChart->setPoints(points, start, end);
}

void DashboardPage::updateDailyChart()
{
    QStringList categories;
    for (int row = 0; row < m_dailyModel->rowCount(); ++row) {
        const QDate date
            = m_dailyModel->index(row, DailyCostModel::DayColumn).data(DailyCostModel::DateRole).toDate();
        categories << QLocale().toString(date, QStringLiteral("d MMM"));
    }
    QList<StackedBarChart::Series> series;
    for (int column = DailyCostModel::FirstSeriesColumn; column < m_dailyModel->columnCount(); ++column) {
        StackedBarChart::Series entry { m_dailyModel->headerData(column, Qt::Horizontal).toString(), {} };
        for (int row = 0; row < m_dailyModel->rowCount(); ++row)
            entry.values << m_dailyModel->index(row, column).data(DailyCostModel::ValueRole).toDouble();
        series << entry;
    }
    m_dailyChart->setData(categories, series);
    if (!categories.isEmpty())
        m_dailyBox->setTitle(tr("Daily cost, %1 – %2").arg(categories.first(), categories.last()));
}

void DashboardPage::updateAgentChart()
{
    showBars(m_agentChart, *m_agentModel, AgentComparisonModel::AgentColumn, AgentComparisonModel::CostColumn,
        AgentComparisonModel::ValueRole, kAgentBars);
}

void DashboardPage::updateBreakdownChart()
{
    // Unpriced components have no value: no bar.
    showBars(m_breakdownChart, *m_breakdownModel, CostBreakdownModel::ComponentColumn,
        CostBreakdownModel::CostColumn, CostBreakdownModel::ValueRole, DashboardSnapshot::ComponentCount);
}

void DashboardPage::showBars(StackedBarChart* chart, const QAbstractItemModel& model, int labelColumn,
    int valueColumn, int valueRole, int maxRows)
{
    // Horizontal bars are drawn bottom up: the model's first row goes last so that it is on top.
    QStringList categories;
    StackedBarChart::Series cost { tr("Cost"), {} };
    for (int row = std::min(model.rowCount(), maxRows) - 1; row >= 0; --row) {
        categories << model.index(row, labelColumn).data().toString();
        cost.values << model.index(row, valueColumn).data(valueRole).toDouble();
    }
    chart->setData(categories, { cost });
}
