// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QWidget>

// The Traces page of the main window (issue 5). Placeholder until its page lands.
class TracesPage : public QWidget
{
    Q_OBJECT
public:
    explicit TracesPage(const PageContext& context, QWidget* parent = nullptr);

private:
    PageContext m_context;
};
