// SPDX-License-Identifier: MIT
#include "analyticsstream.h"

#include "apicontext.h"
#include "machinestats.h"
#include "ssehub.h"
#include "store/database.h"

#include <exception>
#include <QJsonArray>
#include <QJsonDocument>

AnalyticsStream::AnalyticsStream(ApiContext& context, std::shared_ptr<MachineStats> machine)
    : m_context(context)
    , m_machine(std::move(machine))
{ }

QString AnalyticsStream::variant(const Options& options)
{
    QJsonObject object;
    if (options.project) {
        if (options.project->projectId)
            object.insert(QStringLiteral("project_id"), *options.project->projectId);
        else
            object.insert(QStringLiteral("cwd"), options.project->cwd);
    }
    QStringList types = options.filter.eventTypes;
    types.sort();
    if (!types.isEmpty())
        object.insert(QStringLiteral("event_type"), QJsonArray::fromStringList(types));
    if (!options.filter.agent.isEmpty())
        object.insert(QStringLiteral("agent"), options.filter.agent);
    if (!options.filter.model.isEmpty())
        object.insert(QStringLiteral("model"), options.filter.model);
    // Compact JSON with sorted keys: equal options give equal text, and the common case (no options)
    // is "{}".
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

AnalyticsStream::Options AnalyticsStream::options(const QString& variant)
{
    const QJsonObject object = QJsonDocument::fromJson(variant.toUtf8()).object();
    Options options;
    if (object.contains(QStringLiteral("project_id")))
        options.project = ProjectMetrics::Ref { object.value(QStringLiteral("project_id")).toInteger(), {} };
    else if (object.contains(QStringLiteral("cwd")))
        options.project
            = ProjectMetrics::Ref { std::nullopt, object.value(QStringLiteral("cwd")).toString() };
    for (const QJsonValue& type : object.value(QStringLiteral("event_type")).toArray())
        options.filter.eventTypes.append(type.toString());
    options.filter.agent = object.value(QStringLiteral("agent")).toString();
    options.filter.model = object.value(QStringLiteral("model")).toString();
    return options;
}

QByteArray AnalyticsStream::frame(const QString& variant)
{
    const qint64 freshMs = qMax(1, m_context.config().analyticsIntervalMs) * 3 / 4;
    // Variants nobody asked for lately are dropped, so the cache holds only the variants in use.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it->age.elapsed() > 4 * qint64(m_context.config().analyticsIntervalMs) && it.key() != variant)
            it = m_cache.erase(it);
        else
            ++it;
    }
    const auto it = m_cache.constFind(variant);
    if (it != m_cache.constEnd() && it->age.elapsed() < freshMs)
        return it->frame;
    Cached next;
    QJsonObject data;
    try {
        data = compute(options(variant), it != m_cache.constEnd() ? &*it : nullptr, &next);
    } catch (const std::exception& error) {
        // Called from a timer and from the subscribe handler: an exception must not leave. A comment
        // line keeps the stream open and tells a reader what is wrong; the next tick tries again.
        return QByteArrayLiteral(": analytics frame failed: ") + QByteArray(error.what()).replace('\n', ' ')
            + "\n\n";
    }
    next.age.start();
    next.frame
        = SseHub::frame(0, QStringLiteral("analytics"), QJsonDocument(data).toJson(QJsonDocument::Compact));
    m_cache.insert(variant, next);
    return next.frame;
}

QJsonObject AnalyticsStream::compute(const Options& options, const Cached* previous, Cached* next)
{
    Database& db = m_context.db();
    // Always on the API thread's connection, so versions of successive frames compare.
    next->dataVersion = db.dataVersion();
    if (previous && previous->dataVersion == next->dataVersion) {
        next->project = previous->project;
        next->activity = previous->activity;
    } else {
        const std::optional<ProjectMetrics::Ref> ref
            = options.project ? options.project : ProjectMetrics::mostRecent(db);
        if (ref) {
            const ProjectMetrics::Totals totals = ProjectMetrics::totals(db, *ref);
            QJsonObject object = totals.toJson();
            object.insert(QStringLiteral("name"), totals.name);
            next->project = object;
        }
        next->activity = ActivityQuery::recent(db, options.filter, kActivityItems);
    }
    const qint64 uptime = m_context.startedAt.secsTo(QDateTime::currentDateTimeUtc());
    return QJsonObject {
        { QStringLiteral("project"), next->project },
        { QStringLiteral("machine"), MachineStats::toJson(m_machine->sample(), uptime) },
        { QStringLiteral("activity"), next->activity },
    };
}
