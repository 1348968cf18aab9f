// SPDX-License-Identifier: MIT
#include "servicehost.h"

#include "apiserver.h"
#include "changeevents.h"
#include "clicontext.h"
#include "store/database.h"

ServiceHost::ServiceHost(const CliContext& context, LiveIngest::Options liveOptions, QObject* parent)
    : QObject(parent)
    , m_live(std::make_unique<LiveIngest>(context.sourceConfig(), context.databasePath(), context.prices(),
          context.priceFingerprint(), liveOptions))
{
    // The API's and the window's connections are read-only, so the schema must exist before the first
    // query.
    Database database;
    database.open(context.databasePath());
}

ServiceHost::~ServiceHost()
{
    stop();
}

bool ServiceHost::start(const std::optional<ServerConfig>& config, QString* error)
{
    if (config) {
        m_api = std::make_unique<ApiServer>(*config);
        if (!m_api->start(error)) {
            m_api.reset();
            return false;
        }
        ApiServer* server = m_api.get();
        connect(m_live.get(), &LiveIngest::changesAvailable, server, [server](const ChangeNotice& notice) {
            if (const QJsonObject usage = ChangeEvents::usage(notice); !usage.isEmpty())
                server->publish(QStringLiteral("usage"), usage);
            if (const QJsonObject sessions = ChangeEvents::sessions(notice); !sessions.isEmpty())
                server->publish(QStringLiteral("session"), sessions);
        });
        connect(m_live.get(), &LiveIngest::passFinished, server, [server](const IngestPass& pass) {
            server->publish(QStringLiteral("ingest"), ChangeEvents::pass(pass));
            if (const QJsonObject alert = ChangeEvents::passAlert(pass); !alert.isEmpty())
                server->publish(QStringLiteral("alert"), alert);
        });
        connect(m_live.get(), &LiveIngest::errorOccurred, server, [server](const QString& message) {
            server->publish(QStringLiteral("alert"),
                QJsonObject { { QStringLiteral("level"), QStringLiteral("warning") },
                    { QStringLiteral("kind"), QStringLiteral("ingest") },
                    { QStringLiteral("message"), message } });
        });
    }
    m_live->start();
    return true;
}

void ServiceHost::stop()
{
    m_live->stop();
    if (m_api)
        m_api->stop();
}

quint16 ServiceHost::apiPort() const
{
    return m_api ? m_api->port() : 0;
}

void ServiceHost::publishAlert(const QJsonObject& alert)
{
    if (m_api)
        m_api->publish(QStringLiteral("alert"), alert);
}
