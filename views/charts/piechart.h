// SPDX-License-Identifier: MIT
#pragma once

#include <QChartView>
#include <QList>
#include <QString>

class QPieSeries;

// Shares of a whole as a ring of labelled slices (the cost breakdown). Plain data in, all slices
// replaced in one call per update.
class PieChart : public QChartView
{
    Q_OBJECT
public:
    struct Slice
    {
        QString label;
        qreal value = 0;
    };

    explicit PieChart(QWidget* parent = nullptr);

    void setSlices(const QList<Slice>& slices);
    QStringList labels() const;

private:
    QPieSeries* m_series = nullptr;
};
