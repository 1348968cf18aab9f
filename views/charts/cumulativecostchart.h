// SPDX-License-Identifier: MIT
#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

// A line of cost over time (x: UTC ms, y: dollars) on a time axis, e.g. today's running total. Takes
// plain points and replaces the series in one call per update (qt-notes.md §4), so that Qt Charts stays
// behind this class.
class CumulativeCostChart : public QChartView
{
    Q_OBJECT
public:
    explicit CumulativeCostChart(QWidget* parent = nullptr);

    // The x axis spans [startMs, endMs].
    void setPoints(const QList<QPointF>& points, qint64 startMs, qint64 endMs);
    QList<QPointF> points() const;

private:
    QLineSeries* m_series = nullptr;
    QDateTimeAxis* m_timeAxis = nullptr;
    QValueAxis* m_costAxis = nullptr;
};
