// SPDX-License-Identifier: MIT
#include "stackedbarchart.h"

#include "displayformat.h"

#include <algorithm>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCursor>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

StackedBarChart::StackedBarChart(Qt::Orientation orientation, QWidget* parent)
    // Given its chart at construction: QChartView(parent) makes a default chart that setChart() would
    // release without deleting (a leak per chart view, reported by the asan build).
    : QChartView(new QChart, parent)
{
    QChart* chart = this->chart();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    if (orientation == Qt::Vertical)
        m_series = new QStackedBarSeries(chart);
    else
        m_series = new QHorizontalStackedBarSeries(chart);
    m_series->setBarWidth(0.8);
    chart->addSeries(m_series);
    m_categoryAxis = new QBarCategoryAxis(chart);
    m_valueAxis = new QValueAxis(chart);
    if (orientation == Qt::Vertical) {
        // Qt Charts elides a label wider than its bar, which thirty days' labels are in a half-wide
        // chart: the days are named in the tooltips instead.
        m_categoryAxis->setLabelsVisible(false);
    } else {
        // Few ticks: dollar labels of a short horizontal axis run into each other.
        m_valueAxis->setTickCount(3);
        // Qt Charts elides a category label taller than its share of the axis: a smaller font keeps the
        // names of more rows.
        QFont font = m_categoryAxis->labelsFont();
        font.setPointSizeF(font.pointSizeF() * 0.85);
        m_categoryAxis->setLabelsFont(font);
    }
    chart->addAxis(m_categoryAxis, orientation == Qt::Vertical ? Qt::AlignBottom : Qt::AlignLeft);
    chart->addAxis(m_valueAxis, orientation == Qt::Vertical ? Qt::AlignLeft : Qt::AlignBottom);
    m_series->attachAxis(m_categoryAxis);
    m_series->attachAxis(m_valueAxis);
    connect(m_series, &QAbstractBarSeries::hovered, this, [this](bool status, int index, QBarSet* set) {
        if (!status) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(),
            tr("%1, %2: %3")
                .arg(m_categoryAxis->categories().value(index), set->label(),
                    DisplayFormat::money(set->at(index))),
            this);
    });
    setRenderHint(QPainter::Antialiasing);
}

void StackedBarChart::setData(const QStringList& categories, const QList<Series>& series)
{
    m_series->clear();
    QList<qreal> stackTops(categories.size(), 0);
    QList<QBarSet*> sets;
    for (const Series& entry : series) {
        auto* set = new QBarSet(entry.name);
        set->append(entry.values);
        for (qsizetype i = 0; i < entry.values.size() && i < stackTops.size(); ++i)
            stackTops[i] += entry.values[i];
        sets.append(set);
    }
    m_series->append(sets);
    m_categoryAxis->setCategories(categories);
    const qreal top = stackTops.isEmpty() ? 0 : *std::max_element(stackTops.cbegin(), stackTops.cend());
    m_valueAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    m_valueAxis->setLabelFormat(top >= 10 ? QStringLiteral("$%.0f") : QStringLiteral("$%.2f"));
    chart()->legend()->setVisible(series.size() > 1);
}

QStringList StackedBarChart::categories() const
{
    return m_categoryAxis->categories();
}

QStringList StackedBarChart::seriesNames() const
{
    QStringList names;
    for (const QBarSet* set : m_series->barSets())
        names << set->label();
    return names;
}
