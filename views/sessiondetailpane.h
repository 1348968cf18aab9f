// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/sessiondetail.h"

#include <QTimeZone>
#include <QWidget>

class QLabel;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

// The Sessions page's detail of one session, in tabs: Summary, Tokens & cost, Tools, Files, Prompts,
// Timeline, Messages. It shows a SessionDetail snapshot; loading it is the page's business.
class SessionDetailPane : public QWidget
{
    Q_OBJECT
public:
    enum Tab
    {
        SummaryTab,
        CostTab,
        ToolsTab,
        FilesTab,
        PromptsTab,
        TimelineTab,
        MessagesTab
    };

    explicit SessionDetailPane(QWidget* parent = nullptr);

    void setTimeZone(const QTimeZone& zone) { m_timeZone = zone; }
    void showDetail(const SessionDetail& detail);
    // No session selected, or the selected one is loading: a hint instead of stale figures.
    void showPlaceholder(const QString& text);

private:
    QString time(const std::optional<qint64>& ms) const;
    void fillSummary();
    void fillCost();
    void fillTools();
    void fillFiles();
    void fillPrompts();
    void fillTimeline();
    void fillMessages();

    SessionDetail m_detail;
    QTimeZone m_timeZone = QTimeZone::systemTimeZone();
    QTabWidget* m_tabs;
    QLabel* m_summary;
    QTableWidget* m_byModel;
    QTableWidget* m_byAgent;
    QTableWidget* m_tools;
    QTableWidget* m_files;
    QTableWidget* m_prompts;
    QTableWidget* m_timeline;
    QLabel* m_timelineNote;
    QTextBrowser* m_messages;
};
