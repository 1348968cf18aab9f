// SPDX-License-Identifier: MIT
#include "costbreakdownmodel.h"

#include "displayformat.h"

#include <QLocale>

CostBreakdownModel::CostBreakdownModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void CostBreakdownModel::setData(const DashboardSnapshot& snapshot)
{
    beginResetModel();
    m_components = snapshot.components;
    m_total = 0;
    for (const auto& component : m_components)
        m_total += component.cost.value_or(0);
    m_loaded = true;
    endResetModel();
}

QString CostBreakdownModel::componentName(DashboardSnapshot::Component component)
{
    switch (component) {
    case DashboardSnapshot::FreshInput:
        return tr("Fresh input");
    case DashboardSnapshot::Output:
        return tr("Output");
    case DashboardSnapshot::CacheRead:
        return tr("Cache read");
    case DashboardSnapshot::CacheWrite:
        return tr("Cache write");
    default:
        return {};
    }
}

int CostBreakdownModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_loaded ? 0 : DashboardSnapshot::ComponentCount;
}

int CostBreakdownModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CostBreakdownModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& component = m_components[size_t(index.row())];
    const std::optional<double> share
        = component.cost && m_total > 0 ? std::optional<double>(*component.cost / m_total) : std::nullopt;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ComponentColumn:
            return componentName(DashboardSnapshot::Component(index.row()));
        case TokensColumn:
            return DisplayFormat::tokens(component.tokens);
        case CostColumn:
            return DisplayFormat::money(component.cost);
        case ShareColumn:
            return share ? DisplayFormat::percent(*share) : QStringLiteral("–");
        default:
            return {};
        }
    }
    if (role == ValueRole) {
        switch (index.column()) {
        case TokensColumn:
            return component.tokens;
        case CostColumn:
            return component.cost ? QVariant(*component.cost) : QVariant();
        case ShareColumn:
            return share ? QVariant(*share) : QVariant();
        default:
            return {};
        }
    }
    return {};
}

QVariant CostBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ComponentColumn:
        return tr("Component");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case ShareColumn:
        return tr("Share");
    default:
        return {};
    }
}
