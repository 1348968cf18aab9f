// SPDX-License-Identifier: MIT
#include "tracespage.h"

#include <QLabel>
#include <QVBoxLayout>

TracesPage::TracesPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Traces"), this));
}
