// SPDX-License-Identifier: MIT
#include "recentsessionsmodel.h"

#include "displayformat.h"

#include <QDateTime>
#include <QLocale>

RecentSessionsModel::RecentSessionsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void RecentSessionsModel::setData(const DashboardSnapshot& snapshot, const QTimeZone& timeZone)
{
    beginResetModel();
    m_sessions = snapshot.recentSessions;
    m_timeZone = timeZone;
    endResetModel();
}

int RecentSessionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int RecentSessionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentSessionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DashboardSnapshot::RecentSession& session = m_sessions[index.row()];
    if (role == SessionIdRole)
        return session.sessionId;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TitleColumn:
            return session.title.isEmpty() ? session.sessionId : session.title;
        case AgentColumn:
            return DashboardSnapshot::seriesName(session.agent, session.source);
        case CostColumn:
            return DisplayFormat::money(session.totals.cost, session.totals.unpricedRequests);
        case TokensColumn:
            return DisplayFormat::tokens(session.totals.tokens.total());
        case LastActivityColumn:
            return session.lastTs ? QLocale().toString(
                       QDateTime::fromMSecsSinceEpoch(*session.lastTs, m_timeZone), QLocale::ShortFormat)
                                  : QStringLiteral("–");
        default:
            return {};
        }
    }
    if (role == ValueRole) {
        switch (index.column()) {
        case CostColumn:
            return session.totals.cost;
        case TokensColumn:
            return session.totals.tokens.total();
        case LastActivityColumn:
            return session.lastTs ? QVariant(*session.lastTs) : QVariant();
        default:
            return {};
        }
    }
    return {};
}

QVariant RecentSessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Session");
    case AgentColumn:
        return tr("Agent");
    case CostColumn:
        return tr("Cost");
    case TokensColumn:
        return tr("Tokens");
    case LastActivityColumn:
        return tr("Last activity");
    default:
        return {};
    }
}
