// SPDX-License-Identifier: MIT
#include "cumulativecostchart.h"

#include <algorithm>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

CumulativeCostChart::CumulativeCostChart(QWidget* parent)
    // Given its chart at construction: QChartView(parent) makes a default chart that setChart() would
    // release without deleting (a leak per chart view, reported by the asan build).
    : QChartView(new QChart, parent)
{
    QChart* chart = this->chart();
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_series = new QLineSeries(chart);
    chart->addSeries(m_series);
    m_timeAxis = new QDateTimeAxis(chart);
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(7);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_series->attachAxis(m_timeAxis);
    m_costAxis = new QValueAxis(chart);
    m_costAxis->setLabelFormat(QStringLiteral("$%.2f"));
    chart->addAxis(m_costAxis, Qt::AlignLeft);
    m_series->attachAxis(m_costAxis);
    setRenderHint(QPainter::Antialiasing);
}

void CumulativeCostChart::setPoints(const QList<QPointF>& points, qint64 startMs, qint64 endMs)
{
    m_series->replace(points);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(startMs), QDateTime::fromMSecsSinceEpoch(endMs));
    double top = 0;
    for (const QPointF& point : points)
        top = std::max(top, point.y());
    // Headroom above the line, and a visible axis on an empty day.
    m_costAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
}

QList<QPointF> CumulativeCostChart::points() const
{
    return m_series->points();
}
