// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QTimer;
class QTreeView;
class SessionDetailPane;
class SessionTreeModel;
struct ChangeNotice;

// The Sessions page (issue 5): a search box and filters over a lazily loaded tree of projects, sessions
// and sub-agent sessions, and the selected session's detail.
class SessionsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SessionsPage(const PageContext& context, QWidget* parent = nullptr);

    SessionTreeModel* model() const { return m_model; }
    SessionDetailPane* detailPane() const { return m_detail; }

    // How long typing pauses before the tree is searched.
    static constexpr int kSearchDelayMs = 300;

private:
    void buildFilterBar(QWidget* bar);
    void loadFilterOptions();
    void applyFilter();
    void sessionSelected(const QModelIndex& index);
    void loadDetail(qint64 rowId);
    void changesAvailable(const ChangeNotice& notice);

    PageContext m_context;
    SessionTreeModel* m_model;
    QTreeView* m_tree;
    SessionDetailPane* m_detail;
    QLineEdit* m_search;
    QComboBox* m_source;
    QComboBox* m_modelFilter;
    QCheckBox* m_dates;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QTimer* m_searchDelay;
    qint64 m_selected = 0; // sessions.id shown in the detail pane
    quint64 m_detailGeneration = 0;
};
