// SPDX-License-Identifier: MIT
#include "kpitile.h"

#include <QLabel>
#include <QVBoxLayout>

KpiTile::KpiTile(const QString& caption, QWidget* parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(2);
    auto* captionLabel = new QLabel(caption, this);
    QPalette muted = captionLabel->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    captionLabel->setPalette(muted);
    layout->addWidget(captionLabel);
    m_value = new QLabel(QStringLiteral("…"), this);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_value->setFont(big);
    layout->addWidget(m_value);
    m_detail = new QLabel(this);
    m_detail->setPalette(muted);
    m_detail->setWordWrap(true);
    layout->addWidget(m_detail);
    layout->addStretch();
}

void KpiTile::setValue(const QString& value, const QString& detail)
{
    m_value->setText(value);
    m_detail->setText(detail);
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString KpiTile::detail() const
{
    return m_detail->text();
}
