// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QWidget>

// The Activity page of the main window (issue 5). Placeholder until its page lands.
class ActivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(const PageContext& context, QWidget* parent = nullptr);

private:
    PageContext m_context;
};
