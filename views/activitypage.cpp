// SPDX-License-Identifier: MIT
#include "activitypage.h"

#include <QLabel>
#include <QVBoxLayout>

ActivityPage::ActivityPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Activity"), this));
}
