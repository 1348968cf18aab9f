// SPDX-License-Identifier: MIT
#include "apiservice.h"

#include "analyticsroutes.h"
#include "eventroutes.h"
#include "healthroutes.h"
#include "monitorroutes.h"
#include "ssehub.h"
#include "tokenroutes.h"

ApiService::ApiService(ServerConfig config)
    : m_context(std::move(config))
    , m_router(m_server, m_context, m_pool, this)
{
    m_pool.setMaxThreadCount(qMax(1, m_context.config().reportThreads));
    m_hub = std::make_unique<SseHub>(m_server, m_context.config(), this);
    m_context.hub = m_hub.get();
}

ApiService::~ApiService()
{
    // Pool jobs hold a pointer to the context; they finish before it goes.
    m_pool.waitForDone();
    m_hub.reset();
}

quint16 ApiService::start(QString* error)
{
    const ServerConfig& config = m_context.config();
    if (!config.isLoopback() && config.token.isEmpty()) {
        *error = QStringLiteral("binding %1 (not loopback) needs --token").arg(config.bind.toString());
        return 0;
    }
    registerHealthRoutes(m_router);
    registerMonitorRoutes(m_router);
    registerAnalyticsRoutes(m_router);
    registerTokenRoutes(m_router);
    registerEventRoutes(m_router);
    m_router.finish();
    const quint16 port = HttpCompat::listen(m_server, config.bind, config.port);
    if (port == 0)
        *error = QStringLiteral("cannot listen on %1:%2 (in use, or not permitted)")
                     .arg(config.bind.toString())
                     .arg(config.port);
    return port;
}

void ApiService::publish(const QString& topic, const QJsonObject& data)
{
    m_hub->publish(topic, data);
}
