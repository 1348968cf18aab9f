// SPDX-License-Identifier: MIT
#include "sessiondetailpane.h"

#include "displayformat.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {

QTableWidget* makeTable(const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

// Fills a table with rows of cells; numbers (alignRight) are right-aligned.
void setRows(QTableWidget* table, const QList<QStringList>& rows, int firstNumberColumn)
{
    table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        for (int column = 0; column < rows[row].size(); ++column) {
            auto* item = new QTableWidgetItem(rows[row][column]);
            if (column >= firstNumberColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(row, column, item);
        }
    }
    table->resizeColumnsToContents();
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

SessionDetailPane::SessionDetailPane(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    layout->addWidget(m_tabs);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setMargin(8);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_summary);
    m_tabs->addTab(scroll, tr("Summary"));

    auto* cost = new QWidget(this);
    auto* costLayout = new QVBoxLayout(cost);
    m_byModel = makeTable({ tr("Model"), tr("Requests"), tr("Input"), tr("Output"), tr("Cache read"),
                              tr("Cache write"), tr("Reasoning"), tr("Cost") },
        cost);
    m_byModel->setObjectName(QStringLiteral("byModel"));
    m_byAgent = makeTable({ tr("Agent"), tr("Sessions"), tr("Requests"), tr("Tokens"), tr("Cost") }, cost);
    m_byAgent->setObjectName(QStringLiteral("byAgent"));
    costLayout->addWidget(new QLabel(tr("Per model, sub-agents included"), cost));
    costLayout->addWidget(m_byModel);
    costLayout->addWidget(new QLabel(tr("Per agent"), cost));
    costLayout->addWidget(m_byAgent);
    m_tabs->addTab(cost, tr("Tokens && cost"));

    m_tools = makeTable({ tr("Tool"), tr("Calls"), tr("Errors"), tr("Total duration"), tr("Average") }, this);
    m_tools->setObjectName(QStringLiteral("tools"));
    m_tabs->addTab(m_tools, tr("Tools"));
    m_files = makeTable({ tr("Path"), tr("Reads"), tr("Writes"), tr("Edits"), tr("Touches") }, this);
    m_files->setObjectName(QStringLiteral("files"));
    m_tabs->addTab(m_files, tr("Files"));
    m_prompts = makeTable({ tr("Time"), tr("Length"), tr("Prompt") }, this);
    m_prompts->setObjectName(QStringLiteral("prompts"));
    m_tabs->addTab(m_prompts, tr("Prompts"));

    auto* timeline = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timeline);
    m_timeline = makeTable({ tr("Time"), tr("Event"), tr("Model or tool"), tr("Tokens"), tr("Cost"),
                               tr("Duration"), tr("Detail") },
        timeline);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timelineNote = new QLabel(timeline);
    m_timelineNote->hide();
    timelineLayout->addWidget(m_timelineNote);
    timelineLayout->addWidget(m_timeline);
    m_tabs->addTab(timeline, tr("Timeline"));

    m_messages = new QTextBrowser(this);
    m_messages->setObjectName(QStringLiteral("messages"));
    m_tabs->addTab(m_messages, tr("Messages"));

    showPlaceholder(tr("Select a session to see its details."));
}

QString SessionDetailPane::time(const std::optional<qint64>& ms) const
{
    return ms
        ? QDateTime::fromMSecsSinceEpoch(*ms, m_timeZone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        : QString();
}

void SessionDetailPane::showPlaceholder(const QString& text)
{
    m_detail = SessionDetail();
    m_summary->setText(text);
    for (QTableWidget* table : { m_byModel, m_byAgent, m_tools, m_files, m_prompts, m_timeline })
        table->setRowCount(0);
    m_timelineNote->hide();
    m_messages->clear();
    m_tabs->setTabEnabled(MessagesTab, true);
    m_tabs->setTabToolTip(MessagesTab, {});
}

void SessionDetailPane::showDetail(const SessionDetail& detail)
{
    if (!detail.found) {
        showPlaceholder(tr("This session is no longer in the database."));
        return;
    }
    m_detail = detail;
    fillSummary();
    fillCost();
    fillTools();
    fillFiles();
    fillPrompts();
    fillTimeline();
    fillMessages();
}

void SessionDetailPane::fillSummary()
{
    const SessionDetail& d = m_detail;
    const auto duration = [](const std::optional<qint64>& from, const std::optional<qint64>& to) {
        return from && to ? DisplayFormat::duration(*to - *from) : QString();
    };
    const auto cached = d.own.tokens.cacheRead + d.own.tokens.cacheWrite();
    QList<std::pair<QString, QString>> rows {
        { tr("Title"), d.title },
        { tr("Session id"), d.externalId },
        { tr("Source"), d.source },
        { tr("Agent"), d.agent },
        { tr("Parent session"), d.parentExternalId },
        { tr("Status"), d.status },
        { tr("Model(s)"), d.models.join(QStringLiteral(", ")) },
        { tr("Directory"), d.cwd },
        { tr("Git branch"), d.gitBranch },
        { tr("Agent version"), d.agentVersion },
        { tr("Start"), time(d.firstTs) },
        { tr("End"), time(d.lastTs) },
        { tr("Duration"), duration(d.firstTs, d.lastTs) },
        { tr("Duration with sub-agents"), duration(d.firstTs, d.treeLastTs) },
        { tr("Requests"), number(d.own.requests) },
        { tr("Tokens in (fresh)"), DisplayFormat::tokens(d.own.tokens.input) },
        { tr("Tokens out"), DisplayFormat::tokens(d.own.tokens.output + d.own.tokens.reasoning) },
        { tr("Cache read / write"),
            DisplayFormat::tokens(d.own.tokens.cacheRead) + QStringLiteral(" / ")
                + DisplayFormat::tokens(d.own.tokens.cacheWrite()) },
        { tr("Cached share of input"),
            d.own.tokens.promptTokens() > 0
                ? DisplayFormat::percent(double(cached) / double(d.own.tokens.promptTokens()))
                : QString() },
        { tr("Cost"), DisplayFormat::money(d.own.cost) },
        { tr("Cost with sub-agents"), DisplayFormat::money(d.withSubAgents.cost) },
        { tr("Sub-agent sessions"), number(d.subAgentSessions) },
        { tr("Tool calls (errors)"), tr("%1 (%2)").arg(number(d.toolCalls), number(d.toolErrors)) },
        { tr("API errors"), number(d.apiErrors) },
    };
    if (d.own.unpriced > 0)
        rows.append({ tr("Unpriced requests"), number(d.own.unpriced) });
    QString html = QStringLiteral("<table cellspacing=\"4\">");
    for (const auto& [label, value] : std::as_const(rows)) {
        if (value.isEmpty())
            continue;
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_summary->setText(html);
}

void SessionDetailPane::fillCost()
{
    QList<QStringList> models;
    for (const SessionFigures::ModelUsage& model : m_detail.byModel) {
        const TokenCounts& t = model.usage.tokens;
        models.append({ model.model.isEmpty() ? tr("(unknown)") : model.model, number(model.usage.requests),
            DisplayFormat::tokens(t.input), DisplayFormat::tokens(t.output),
            DisplayFormat::tokens(t.cacheRead), DisplayFormat::tokens(t.cacheWrite()),
            DisplayFormat::tokens(t.reasoning), DisplayFormat::money(model.usage.cost) });
    }
    setRows(m_byModel, models, 1);
    QList<QStringList> agents;
    for (const SessionDetail::AgentUsage& agent : m_detail.byAgent)
        agents.append({ agent.agent, number(agent.sessions), number(agent.requests),
            DisplayFormat::tokens(agent.tokens), DisplayFormat::money(agent.cost) });
    setRows(m_byAgent, agents, 1);
}

void SessionDetailPane::fillTools()
{
    QList<QStringList> rows;
    for (const SessionFigures::ToolUsage& tool : m_detail.tools)
        rows.append({ tool.name.isEmpty() ? tr("(unnamed)") : tool.name, number(tool.count),
            number(tool.errors), DisplayFormat::duration(tool.totalDurationMs),
            tool.avgDurationMs ? DisplayFormat::duration(*tool.avgDurationMs) : QString() });
    setRows(m_tools, rows, 1);
}

void SessionDetailPane::fillFiles()
{
    QList<QStringList> rows;
    for (const SessionFigures::FileUsage& file : m_detail.files)
        rows.append(
            { file.path, number(file.reads), number(file.writes), number(file.edits), number(file.total) });
    setRows(m_files, rows, 1);
}

void SessionDetailPane::fillPrompts()
{
    QList<QStringList> rows;
    for (const SessionDetail::Prompt& prompt : m_detail.prompts) {
        QString text = prompt.text ? prompt.text->simplified() : tr("(text not stored)");
        if (prompt.fromParent)
            text = tr("Task from the parent agent: %1").arg(text);
        rows.append({ time(prompt.ts), number(prompt.length), text });
    }
    setRows(m_prompts, rows, 1);
    // The prompt column is text: left-aligned.
    for (int row = 0; row < m_prompts->rowCount(); ++row)
        m_prompts->item(row, 2)->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

void SessionDetailPane::fillTimeline()
{
    QList<QStringList> rows;
    for (const SessionDetail::TimelineEntry& entry : m_detail.timeline) {
        QString kind;
        switch (entry.kind) {
        case SessionDetail::TimelineEntry::Request:
            kind = tr("Request");
            break;
        case SessionDetail::TimelineEntry::ToolCall:
            kind = entry.isError ? tr("Tool call (failed)") : tr("Tool call");
            break;
        case SessionDetail::TimelineEntry::Error:
            kind = tr("API error");
            break;
        case SessionDetail::TimelineEntry::Retry:
            kind = tr("Retry");
            break;
        }
        const bool request = entry.kind == SessionDetail::TimelineEntry::Request;
        rows.append(
            { time(entry.ts), kind, entry.name, request ? DisplayFormat::tokens(entry.tokens) : QString(),
                request ? DisplayFormat::money(entry.cost) : QString(),
                entry.durationMs ? DisplayFormat::duration(*entry.durationMs) : QString(),
                entry.message.simplified() });
    }
    setRows(m_timeline, rows, 3);
    m_timelineNote->setVisible(m_detail.timelineTotal > m_detail.timeline.size());
    m_timelineNote->setText(tr("Showing the first %1 of %2 events.")
                                .arg(number(m_detail.timeline.size()), number(m_detail.timelineTotal)));
}

void SessionDetailPane::fillMessages()
{
    const bool stored = m_detail.contentStored;
    m_tabs->setTabEnabled(MessagesTab, stored);
    m_tabs->setTabToolTip(MessagesTab,
        stored ? QString()
               : tr("No message text is stored for this session: it was read with content storage off "
                    "(Settings, Privacy, or --no-content), or it has no prompts or answers."));
    QString html;
    for (const SessionDetail::Message& message : m_detail.messages) {
        const QString who
            = message.role == SessionDetail::Message::User ? tr("User") : tr("Assistant (last answer)");
        html += QStringLiteral("<p><b>%1</b> <small>%2</small><br>%3</p>")
                    .arg(who.toHtmlEscaped(), time(message.ts).toHtmlEscaped(),
                        message.text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    }
    m_messages->setHtml(html);
}
