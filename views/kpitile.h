// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;

// One key figure of the dashboard: a caption, the value in large type, and a detail line below.
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    explicit KpiTile(const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value, const QString& detail = {});
    QString value() const;
    QString detail() const;

private:
    QLabel* m_value = nullptr;
    QLabel* m_detail = nullptr;
};
