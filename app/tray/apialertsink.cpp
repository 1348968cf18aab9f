// SPDX-License-Identifier: MIT
#include "apialertsink.h"

#include "alert.h"

ApiAlertSink::ApiAlertSink(std::function<void(const QJsonObject&)> publish)
    : m_publish(std::move(publish))
{ }

void ApiAlertSink::deliver(const Alert& alert)
{
    m_publish(alert.toJson());
}
