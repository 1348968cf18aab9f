// SPDX-License-Identifier: MIT
#include "apiserver.h"

#include "apiservice.h"

ApiServer::ApiServer(ServerConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("api"));
}

ApiServer::~ApiServer()
{
    stop();
}

bool ApiServer::start(QString* error)
{
    if (m_service)
        return true;
    m_thread.start();
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    // listen() creates the QTcpServer, which must belong to the thread that serves it, so the whole
    // service is built on that thread (qt-notes.md §2.7).
    QString failure;
    QMetaObject::invokeMethod(
        m_anchor,
        [this, &failure] {
            auto service = std::make_unique<ApiService>(m_config);
            m_port = service->start(&failure);
            m_routes = service->routes();
            if (m_port != 0)
                m_service = service.release();
        },
        Qt::BlockingQueuedConnection);
    if (!m_service) {
        stop();
        if (error)
            *error = failure;
        return false;
    }
    return true;
}

void ApiServer::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            delete m_service;
            m_service = nullptr;
            delete m_anchor;
            m_anchor = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

void ApiServer::publish(const QString& topic, const QJsonObject& data)
{
    if (!m_service)
        return;
    QMetaObject::invokeMethod(
        m_service, "publish", Qt::QueuedConnection, Q_ARG(QString, topic), Q_ARG(QJsonObject, data));
}
