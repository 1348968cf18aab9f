// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"
#include "ingest/ingestpass.h"
#include "ingest/liveingest.h"
#include "serverconfig.h"

#include <memory>
#include <optional>
#include <QJsonObject>
#include <QObject>

class ApiServer;
class CliContext;

// What `agentmeter serve` and the window both run: live ingest of the configured sources, and
// (optionally) the local API, with what each ingest pass stored published to the API's /api/events
// topics. The window adds its own consumers to live() (models, budgets); serve prints passes.
class ServiceHost : public QObject
{
    Q_OBJECT
public:
    // context gives the database, sources and prices; it must outlive start().
    ServiceHost(const CliContext& context, LiveIngest::Options liveOptions, QObject* parent = nullptr);
    ~ServiceHost() override; // stop()

    // Starts the API when config is set (blocks until it listens), then live ingest. Returns false with
    // *error set when the API cannot listen; live ingest is then not started.
    bool start(const std::optional<ServerConfig>& config, QString* error);
    void stop();

    LiveIngest* live() const { return m_live.get(); }
    ApiServer* api() const { return m_api.get(); } // null when the API is off
    quint16 apiPort() const;

    // To /api/events topic alert, when the API runs.
    void publishAlert(const QJsonObject& alert);

private:
    std::unique_ptr<LiveIngest> m_live;
    std::unique_ptr<ApiServer> m_api;
};
