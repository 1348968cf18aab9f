// SPDX-License-Identifier: MIT
#include "dashboardpage.h"

#include <QLabel>
#include <QVBoxLayout>

DashboardPage::DashboardPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Dashboard"), this));
}
