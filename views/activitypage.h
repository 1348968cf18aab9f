// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"
#include "snapshots/activitysnapshot.h"

#include <QWidget>

class ActivityFilterModel;
class ActivityModel;
class QCheckBox;
class QComboBox;
class QLabel;
struct ChangeNotice;

// The Activity page (issue 5): the live feed of requests and errors (api_call, cache_hit, cache_miss,
// model_override, error), newest first, with filters by type, agent and model and a pause toggle.
// It reads the newest items once, then extends with live ingest's notices without reading again.
class ActivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(const PageContext& context, QWidget* parent = nullptr);

    static constexpr int kInitialItems = 500;

    ActivityModel* model() const { return m_model; }
    ActivityFilterModel* filterModel() const { return m_filter; }

Q_SIGNALS:
    void feedLoaded(); // the query's answer is shown (tests wait for it)

private:
    void reload();
    void onChanges(const ChangeNotice& notice);
    // Applies what was held back, unless paused or the first query is still running.
    void flush();
    void refreshChoices();
    void updateCount();

    PageContext m_context;
    ActivityModel* m_model = nullptr;
    ActivityFilterModel* m_filter = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_agent = nullptr;
    QComboBox* m_modelChoice = nullptr;
    QCheckBox* m_pause = nullptr;
    QLabel* m_count = nullptr;
    QList<ActivitySnapshot> m_held; // what arrived while paused or loading, oldest first
    bool m_loading = false;
};
