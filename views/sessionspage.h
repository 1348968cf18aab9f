// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QWidget>

// The Sessions page of the main window (issue 5). Placeholder until its page lands.
class SessionsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SessionsPage(const PageContext& context, QWidget* parent = nullptr);

private:
    PageContext m_context;
};
