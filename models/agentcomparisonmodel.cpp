// SPDX-License-Identifier: MIT
#include "agentcomparisonmodel.h"

#include "displayformat.h"

#include <QLocale>

AgentComparisonModel::AgentComparisonModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void AgentComparisonModel::setData(const DashboardSnapshot& snapshot)
{
    beginResetModel();
    m_agents = snapshot.agents;
    endResetModel();
}

int AgentComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_agents.size());
}

int AgentComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AgentComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DashboardSnapshot::Agent& agent = m_agents[index.row()];
    if (role == SourceRole)
        return agent.source;
    const UsageTotals& totals = agent.totals;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case AgentColumn:
            return DashboardSnapshot::seriesName(agent.agent, agent.source);
        case CostColumn:
            return DisplayFormat::money(totals.cost, totals.unpricedRequests);
        case TokensColumn:
            return DisplayFormat::tokens(totals.tokens.total());
        case RequestsColumn:
            return QLocale().toString(totals.requests);
        case SessionsColumn:
            return QLocale().toString(agent.sessions);
        default:
            return {};
        }
    }
    if (role == ValueRole) {
        switch (index.column()) {
        case CostColumn:
            return totals.cost;
        case TokensColumn:
            return totals.tokens.total();
        case RequestsColumn:
            return totals.requests;
        case SessionsColumn:
            return agent.sessions;
        default:
            return {};
        }
    }
    return {};
}

QVariant AgentComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AgentColumn:
        return tr("Agent");
    case CostColumn:
        return tr("Cost");
    case TokensColumn:
        return tr("Tokens");
    case RequestsColumn:
        return tr("Requests");
    case SessionsColumn:
        return tr("Sessions");
    default:
        return {};
    }
}
