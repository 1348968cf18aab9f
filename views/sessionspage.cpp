// SPDX-License-Identifier: MIT
#include "sessionspage.h"

#include "sessiondetailpane.h"
#include "sessiontreemodel.h"
#include "snapshots/sessiondetailquery.h"
#include "snapshots/sessiontreequery.h"
#include "store/queryrunner.h"
#include "storechanges.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

SessionsPage::SessionsPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
    , m_model(new SessionTreeModel(context.queries, this))
{
    m_model->setTimeZone(context.timeZone);
    m_model->setCostMode(context.costMode);
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QWidget(this);
    buildFilterBar(bar);
    layout->addWidget(bar);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_tree = new QTreeView(splitter);
    m_tree->setObjectName(QStringLiteral("sessionTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true); // 100k rows: no per-row size hints
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSortIndicator(SessionTreeModel::StartColumn, Qt::DescendingOrder);
    m_tree->setSortingEnabled(true);
    m_tree->header()->setSectionResizeMode(SessionTreeModel::TitleColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    // Titles need the room; the figures are short.
    m_tree->header()->setMinimumSectionSize(60);
    m_tree->header()->resizeSection(SessionTreeModel::SourceColumn, 120);
    m_tree->header()->resizeSection(SessionTreeModel::StartColumn, 120);
    for (const int column : { int(SessionTreeModel::DurationColumn), int(SessionTreeModel::TokensColumn),
             int(SessionTreeModel::CostColumn), int(SessionTreeModel::CostWithSubAgentsColumn) })
        m_tree->header()->resizeSection(column, 75);
    m_detail = new SessionDetailPane(splitter);
    m_detail->setTimeZone(context.timeZone);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    // Only some columns sort (in SQL); a click on another puts the indicator back.
    connect(m_tree->header(), &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder) {
        if (SessionTreeModel::isSortable(column))
            return;
        const SessionOrder order = m_model->order();
        const int current = order.key == SessionOrder::Start ? SessionTreeModel::StartColumn
            : order.key == SessionOrder::Duration            ? SessionTreeModel::DurationColumn
            : order.key == SessionOrder::Tokens              ? SessionTreeModel::TokensColumn
                                                             : SessionTreeModel::CostColumn;
        QSignalBlocker block(m_tree->header());
        m_tree->header()->setSortIndicator(current, order.order);
    });
    // The first project opens by itself, so that the page shows sessions rather than a list of folders.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent, int first) {
        if (!parent.isValid() && first == 0)
            m_tree->expand(m_model->index(0, 0));
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { sessionSelected(current); });
    if (context.changes)
        connect(context.changes, &StoreChanges::changesAvailable, this, &SessionsPage::changesAvailable);

    loadFilterOptions();
    m_model->reload();
}

void SessionsPage::buildFilterBar(QWidget* bar)
{
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search titles, directories and prompts"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &SessionsPage::applyFilter);
    row->addWidget(m_search, 2);

    m_source = new QComboBox(bar);
    m_source->setObjectName(QStringLiteral("sourceFilter"));
    m_source->addItem(tr("All sources"));
    m_modelFilter = new QComboBox(bar);
    m_modelFilter->setObjectName(QStringLiteral("modelFilter"));
    m_modelFilter->addItem(tr("All models"));
    for (QComboBox* combo : { m_source, m_modelFilter })
        connect(combo, &QComboBox::currentIndexChanged, this, &SessionsPage::applyFilter);
    row->addWidget(m_source);
    row->addWidget(m_modelFilter);

    m_dates = new QCheckBox(tr("Active between"), bar);
    m_dates->setObjectName(QStringLiteral("dateFilter"));
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(m_context.timeZone).date();
    m_from = new QDateEdit(today.addDays(-30), bar);
    m_to = new QDateEdit(today, bar);
    for (QDateEdit* edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(false);
        connect(edit, &QDateEdit::dateChanged, this, &SessionsPage::applyFilter);
    }
    connect(m_dates, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        applyFilter();
    });
    row->addWidget(m_dates);
    row->addWidget(m_from);
    row->addWidget(new QLabel(tr("and"), bar));
    row->addWidget(m_to);
}

void SessionsPage::loadFilterOptions()
{
    if (!m_context.queries)
        return;
    m_context.queries->run<SessionTreeQuery::FilterOptions>(
        this, [](Database& db) { return SessionTreeQuery::filterOptions(db); },
        [this](const SessionTreeQuery::FilterOptions& options) {
            // Filling the combos must not re-run the query the user has not changed.
            QSignalBlocker blockSource(m_source);
            QSignalBlocker blockModel(m_modelFilter);
            m_source->addItems(options.sources);
            m_modelFilter->addItems(options.models);
        });
}

void SessionsPage::applyFilter()
{
    m_searchDelay->stop();
    SessionFilter filter;
    filter.search = m_search->text().trimmed();
    if (m_source->currentIndex() > 0)
        filter.source = m_source->currentText();
    if (m_modelFilter->currentIndex() > 0)
        filter.model = m_modelFilter->currentText();
    if (m_dates->isChecked()) {
        // Whole local days, the last one included.
        filter.fromMs = QDateTime(m_from->date(), QTime(0, 0), m_context.timeZone).toMSecsSinceEpoch();
        filter.toMs = QDateTime(m_to->date().addDays(1), QTime(0, 0), m_context.timeZone).toMSecsSinceEpoch();
    }
    m_model->setFilter(filter);
}

void SessionsPage::sessionSelected(const QModelIndex& index)
{
    const qint64 rowId = index.data(SessionTreeModel::SessionRowIdRole).toLongLong();
    if (rowId == 0) {
        m_selected = 0;
        ++m_detailGeneration;
        m_detail->showPlaceholder(index.isValid() ? tr("Select a session of this project to see its details.")
                                                  : tr("Select a session to see its details."));
        return;
    }
    if (rowId != m_selected)
        m_detail->showPlaceholder(tr("Loading…"));
    m_selected = rowId;
    loadDetail(rowId);
}

void SessionsPage::loadDetail(qint64 rowId)
{
    if (!m_context.queries)
        return;
    // Latest wins: clicking through the tree quickly must not show an earlier session's answer last.
    const quint64 generation = ++m_detailGeneration;
    m_context.queries->run<SessionDetail>(
        this,
        [rowId, mode = m_context.costMode](
            Database& db) { return SessionDetailQuery::load(db, rowId, mode); },
        [this, generation](const SessionDetail& detail) {
            if (generation == m_detailGeneration)
                m_detail->showDetail(detail);
        });
}

void SessionsPage::changesAvailable(const ChangeNotice& notice)
{
    m_model->apply(notice);
    if (m_selected == 0)
        return;
    for (const ChangeNotice::Session& session : notice.sessions) {
        if (session.rowId == m_selected) {
            loadDetail(m_selected);
            return;
        }
    }
}
