// SPDX-License-Identifier: MIT
#pragma once

#include "apirouter.h"
#include "serverconfig.h"

#include <QJsonObject>
#include <QObject>
#include <QThread>

class ApiService;
class QObject;

// The local HTTP API on its own thread (architecture.md §3): ingest and the window never block a
// response, and a slow response never blocks them. Used from one owner thread (serve's main
// thread, or the window's GUI thread).
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(ServerConfig config, QObject* parent = nullptr);
    ~ApiServer() override;

    // Starts the thread, registers the routes and listens; blocks until listening. Returns false with
    // *error set when it cannot (port in use, non-loopback bind without a token).
    bool start(QString* error);
    void stop();
    quint16 port() const { return m_port; }
    QList<ApiRouter::Route> routes() const { return m_routes; }

public Q_SLOTS:
    // Sends an event to /api/events subscribers of `topic` (usage, session, alert). Thread-safe.
    void publish(const QString& topic, const QJsonObject& data);

private:
    ServerConfig m_config;
    QThread m_thread;
    QObject* m_anchor = nullptr; // lives on m_thread: the context for calls into it
    ApiService* m_service = nullptr;
    quint16 m_port = 0;
    QList<ApiRouter::Route> m_routes;
};
