// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QWidget>

// The Dashboard page of the main window (issue 5). Placeholder until its page lands.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(const PageContext& context, QWidget* parent = nullptr);

private:
    PageContext m_context;
};
