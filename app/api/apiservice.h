// SPDX-License-Identifier: MIT
#pragma once

#include "apicontext.h"
#include "apirouter.h"

#include <memory>
#include <QHttpServer>
#include <QObject>
#include <QThreadPool>

class SseHub;

// Everything that lives on the API thread: the QHttpServer, its routes, the SSE hub and the report
// pool. Created, started and destroyed on that thread by ApiServer.
class ApiService : public QObject
{
    Q_OBJECT
public:
    explicit ApiService(ServerConfig config);
    ~ApiService() override;

    // Registers every route and listens; returns the bound port, or 0 with *error set.
    quint16 start(QString* error);
    const QList<ApiRouter::Route>& routes() const { return m_router.routes(); }
    ApiContext& context() { return m_context; }
    SseHub& hub() { return *m_hub; }

public Q_SLOTS:
    void publish(const QString& topic, const QJsonObject& data);

private:
    ApiContext m_context;
    QThreadPool m_pool;
    QHttpServer m_server;
    ApiRouter m_router;
    std::unique_ptr<SseHub> m_hub;
};
