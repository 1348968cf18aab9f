// SPDX-License-Identifier: MIT
#include "piechart.h"

#include <QLegend>
#include <QPieSeries>
#include <QPieSlice>

PieChart::PieChart(QWidget* parent)
    : QChartView(parent)
{
    auto* chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignRight);
    m_series = new QPieSeries(chart);
    m_series->setHoleSize(0.45);
    chart->addSeries(m_series);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
}

void PieChart::setSlices(const QList<Slice>& slices)
{
    m_series->clear();
    QList<QPieSlice*> list;
    for (const Slice& slice : slices)
        list.append(new QPieSlice(slice.label, slice.value));
    m_series->append(list);
}

QStringList PieChart::labels() const
{
    QStringList labels;
    for (const QPieSlice* slice : m_series->slices())
        labels << slice->label();
    return labels;
}
