// SPDX-License-Identifier: MIT
#pragma once

#include <QChartView>
#include <QList>
#include <QString>
#include <QStringList>

class QAbstractBarSeries;
class QBarCategoryAxis;
class QValueAxis;

// Bars of dollar values per category, one stacked set per series: daily cost by model or agent
// (vertical), or agents side by side (horizontal, one series). Takes plain data and swaps all sets in
// one call per update (qt-notes.md §4).
class StackedBarChart : public QChartView
{
    Q_OBJECT
public:
    struct Series
    {
        QString name;
        QList<qreal> values; // one per category
    };

    explicit StackedBarChart(Qt::Orientation orientation, QWidget* parent = nullptr);

    // Categories must be unique (QBarCategoryAxis). Vertical charts name them only in the tooltip of a
    // bar.
    void setData(const QStringList& categories, const QList<Series>& series);
    QStringList categories() const;
    QStringList seriesNames() const;

private:
    QAbstractBarSeries* m_series = nullptr;
    QBarCategoryAxis* m_categoryAxis = nullptr;
    QValueAxis* m_valueAxis = nullptr;
};
