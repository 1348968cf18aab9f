// SPDX-License-Identifier: MIT
#include "eventroutes.h"

#include "apicontext.h"
#include "apirouter.h"
#include "queryparams.h"
#include "ssehub.h"

#include <QFile>
#include <QSet>

namespace {

const QStringList kTopics = { QStringLiteral("usage"), QStringLiteral("session"), QStringLiteral("alert"),
    QStringLiteral("ingest") };

} // namespace

void registerEventRoutes(ApiRouter& router)
{
    router.stream(QStringLiteral("/api/events"),
        [&router](
            const ApiRequest& request, QHttpServerResponder& responder, const HttpCompat::HeaderList& cors) {
            QueryParams params(request.query);
            QSet<QString> topics;
            const QString list = params.text("topics", QString(), 200);
            for (const QString& part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString topic = part.trimmed().toLower();
                if (!kTopics.contains(topic))
                    params.fail(QStringLiteral("unknown topic '%1'; topics are %2")
                                    .arg(topic.left(40), kTopics.join(QStringLiteral(", "))));
                topics.insert(topic);
            }
            // EventSource sends Last-Event-ID as a header on reconnect; scripts may pass it as a parameter.
            std::optional<quint64> lastEventId;
            QString resume = QString::fromLatin1(request.header("last-event-id")).trimmed();
            if (resume.isEmpty())
                resume = params.text("last_event_id", QString(), 20).trimmed();
            if (!resume.isEmpty()) {
                bool ok = false;
                const quint64 id = resume.toULongLong(&ok);
                if (!ok)
                    params.fail(
                        QStringLiteral("Last-Event-ID must be an event id, got '%1'").arg(resume.left(40)));
                else
                    lastEventId = id;
            }
            if (!params.ok()) {
                HttpCompat::send(responder, ApiResponse::badRequest(params.error()), cors);
                return;
            }
            router.context().hub->subscribe(responder, SseHub::Channel::Events, cors, topics, lastEventId);
        });

    router.get(QStringLiteral("/api/openapi.json"), [](const ApiRequest&, ApiContext&) {
        QFile file(QStringLiteral(":/api/openapi.json"));
        if (!file.open(QIODevice::ReadOnly))
            return ApiResponse::error(500, QStringLiteral("the embedded OpenAPI document is missing"));
        ApiResponse response;
        response.body = file.readAll();
        return response;
    });
}
