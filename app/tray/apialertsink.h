// SPDX-License-Identifier: MIT
#pragma once

#include "alertsink.h"

#include <functional>
#include <QJsonObject>

// Sends alerts to the API's /api/events topic "alert" (Alert::toJson). Given the publishing function
// (ServiceHost::publishAlert in the app) rather than the server, so that the tray does not depend on
// how the API is hosted.
class ApiAlertSink : public AlertSink
{
public:
    explicit ApiAlertSink(std::function<void(const QJsonObject&)> publish);
    void deliver(const Alert& alert) override;

private:
    std::function<void(const QJsonObject&)> m_publish;
};
