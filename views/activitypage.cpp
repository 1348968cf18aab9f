// SPDX-License-Identifier: MIT
#include "activitypage.h"

#include "activityfiltermodel.h"
#include "activitymodel.h"
#include "snapshots/activityfeed.h"
#include "store/queryrunner.h"
#include "storechanges.h"

#include <algorithm>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace {

// The combo's entries: "any" (empty data) first, then the values, keeping the current choice even when
// no shown item has it any more.
void fillChoices(QComboBox* combo, const QString& anyText, QStringList values)
{
    const QString current = combo->currentData().toString();
    if (!current.isEmpty() && !values.contains(current))
        values.append(current);
    QStringList shown;
    for (int i = 1; i < combo->count(); ++i)
        shown.append(combo->itemData(i).toString());
    if (shown == values && combo->count() > 0)
        return;
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(anyText, QString());
    for (const QString& value : std::as_const(values))
        combo->addItem(value, value);
    combo->setCurrentIndex(qMax(0, combo->findData(current)));
}

} // namespace

ActivityPage::ActivityPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
    , m_model(new ActivityModel(this))
    , m_filter(new ActivityFilterModel(this))
{
    m_model->setTimeZone(context.timeZone);
    m_filter->setSourceModel(m_model);

    auto* bar = new QHBoxLayout;
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("typeFilter"));
    fillChoices(m_type, tr("All types"), ActivityFilter::allEventTypes());
    m_agent = new QComboBox(this);
    m_agent->setObjectName(QStringLiteral("agentFilter"));
    fillChoices(m_agent, tr("All agents"), {});
    m_modelChoice = new QComboBox(this);
    m_modelChoice->setObjectName(QStringLiteral("modelFilter"));
    fillChoices(m_modelChoice, tr("All models"), {});
    m_pause = new QCheckBox(tr("Pause"), this);
    m_pause->setObjectName(QStringLiteral("pause"));
    m_pause->setToolTip(tr("Hold new activity back until unchecked"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("activityCount"));
    bar->addWidget(new QLabel(tr("Type:"), this));
    bar->addWidget(m_type);
    bar->addWidget(new QLabel(tr("Agent:"), this));
    bar->addWidget(m_agent);
    bar->addWidget(new QLabel(tr("Model:"), this));
    bar->addWidget(m_modelChoice);
    bar->addWidget(m_pause);
    bar->addStretch();
    bar->addWidget(m_count);

    auto* table = new QTableView(this);
    table->setObjectName(QStringLiteral("activityTable"));
    table->setModel(m_filter);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    // One line per event, as in a log view.
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->resizeSection(ActivityModel::TimeColumn, 150);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(table);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setEventType(m_type->currentData().toString());
        updateCount();
    });
    connect(m_agent, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setAgent(m_agent->currentData().toString());
        updateCount();
    });
    connect(m_modelChoice, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setModel(m_modelChoice->currentData().toString());
        updateCount();
    });
    connect(m_pause, &QCheckBox::toggled, this, &ActivityPage::flush);
    if (context.changes)
        connect(context.changes, &StoreChanges::changesAvailable, this, &ActivityPage::onChanges);
    reload();
}

void ActivityPage::reload()
{
    if (!m_context.queries)
        return;
    m_loading = true;
    m_context.queries->run<ActivitySnapshot>(
        this,
        [mode = m_context.costMode](
            Database& db) { return ActivityFeed::load(db, ActivityFilter(), kInitialItems, mode); },
        [this](const ActivitySnapshot& snapshot) {
            m_loading = false;
            m_model->setData(snapshot);
            // Notices that arrived while the query ran: items it already had are not added twice.
            flush();
            refreshChoices();
            updateCount();
            Q_EMIT feedLoaded();
        },
        // A failed first query delivers nothing: live items must not be held back for ever.
        [this](const QString&) {
            m_loading = false;
            flush();
        });
}

void ActivityPage::onChanges(const ChangeNotice& notice)
{
    ActivitySnapshot snapshot = ActivityFeed::fromNotice(notice, m_context.costMode);
    if (snapshot.items.isEmpty() && snapshot.updated.isEmpty() && !snapshot.historyChanged)
        return;
    m_held.append(std::move(snapshot));
    flush();
}

void ActivityPage::flush()
{
    if (m_loading || m_pause->isChecked() || m_held.isEmpty()) {
        updateCount();
        return;
    }
    const bool repriced = std::any_of(m_held.cbegin(), m_held.cend(),
        [](const ActivitySnapshot& snapshot) { return snapshot.historyChanged; });
    if (repriced) {
        m_held.clear();
        reload(); // every cost may have changed
        return;
    }
    for (const ActivitySnapshot& snapshot : std::as_const(m_held))
        m_model->apply(snapshot);
    m_held.clear();
    refreshChoices();
    updateCount();
}

void ActivityPage::refreshChoices()
{
    fillChoices(m_agent, tr("All agents"), m_model->distinctValues(ActivityModel::AgentRole));
    fillChoices(m_modelChoice, tr("All models"), m_model->distinctValues(ActivityModel::ModelRole));
}

void ActivityPage::updateCount()
{
    qsizetype held = 0;
    for (const ActivitySnapshot& snapshot : std::as_const(m_held))
        held += snapshot.items.size();
    QString text = tr("%1 of %2 items").arg(m_filter->rowCount()).arg(m_model->rowCount());
    if (m_pause->isChecked())
        text += tr(" · paused, %n new held back", nullptr, int(held));
    m_count->setText(text);
}
