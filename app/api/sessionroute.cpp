// SPDX-License-Identifier: MIT
#include "sessionroute.h"

#include "apicontext.h"
#include "monitorsupport.h"
#include "queryparams.h"
#include "snapshots/sessionscope.h"

void addSessionRoute(ApiRouter& router, const char* what, SessionRouteOptions options, SessionHandler handler,
    ApiRouter::Exec exec)
{
    router.get(
        QStringLiteral("/api/session/<arg>/") + QLatin1String(what),
        [options, handler](const ApiRequest& request, ApiContext& context) {
            QueryParams params(request.query);
            const QString source = MonitorSupport::source(params);
            const bool children = options.takesChildren
                ? params.boolean("include_children", options.childrenByDefault)
                : options.childrenByDefault;
            const int limit = options.defaultLimit > 0
                ? params.integer("limit", options.defaultLimit, 1, SessionRouteOptions::kMaxLimit)
                : 0;
            if (!params.ok())
                return ApiResponse::badRequest(params.error());
            const QString id = request.args.value(0);
            const std::optional<SessionScope> scope = SessionScope::find(context.db(), id, source, children);
            if (!scope)
                return ApiResponse::notFound(source.isEmpty()
                        ? QStringLiteral("no session with id '%1'").arg(id)
                        : QStringLiteral("no %1 session with id '%2'").arg(source, id));
            return handler(SessionRouteRequest { context, *scope, limit });
        },
        exec, ApiRouter::Cache::UntilDataChanges);
}
