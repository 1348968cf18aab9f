// SPDX-License-Identifier: MIT
#include "sessionspage.h"

#include <QLabel>
#include <QVBoxLayout>

SessionsPage::SessionsPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Sessions"), this));
}
