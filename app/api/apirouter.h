// SPDX-License-Identifier: MIT
#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "httpcompat.h"

#include <functional>
#include <QList>
#include <QString>

class ApiContext;
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QObject;
class QThreadPool;

// Registers the API's routes on the QHttpServer and applies what every route shares: the bearer
// token, the body limit, CORS for configured origins, 405 for a wrong method, a JSON 404, and
// running heavy handlers on the report pool. It also keeps the route table that the OpenAPI test
// checks.
class ApiRouter
{
public:
    using Handler = std::function<ApiResponse(const ApiRequest&, ApiContext&)>;
    // A streaming route writes its own response on the responder (Server-Sent Events).
    using StreamHandler
        = std::function<void(const ApiRequest&, QHttpServerResponder&, const HttpCompat::HeaderList& cors)>;
    enum class Exec
    {
        Inline, // short indexed reads: answered on the API thread
        Pool // reports that scan: answered from the report pool, the API thread stays free
    };
    // Whether an answer may be reused: lists and details that depend only on the database, the
    // parameters and today's date are reused until the database changes (a commit by ingest) or the
    // local date does. Dashboards poll the same URLs every few seconds; an idle store answers them
    // from memory.
    enum class Cache
    {
        None,
        UntilDataChanges
    };
    struct Route
    {
        QString pattern; // QHttpServer syntax, e.g. "/api/session/<arg>/tokens"
        QByteArray method;
        bool stream = false;
    };

    ApiRouter(QHttpServer& server, ApiContext& context, QThreadPool& pool, QObject* owner);

    // A pattern has at most one <arg>, captured as text.
    void get(const QString& pattern, Handler handler, Exec exec = Exec::Inline, Cache cache = Cache::None);
    void stream(const QString& pattern, StreamHandler handler);
    // Registers the preflight, 405 and 404 handlers; call once after every route.
    void finish();

    const QList<Route>& routes() const { return m_routes; }
    ApiContext& context() { return m_context; }
    QHttpServer& server() { return m_server; }

    // CORS headers for a request: only when its Origin is configured (or "*" is).
    HttpCompat::HeaderList corsHeaders(const ApiRequest& request) const;

private:
    template <typename Dispatch> void add(const QString& pattern, bool stream, Dispatch dispatch);
    // 401 without the token, 413 over the body limit; status 0 = go on.
    ApiResponse admit(const ApiRequest& request) const;
    void answer(const ApiRequest& request, QHttpServerResponder& responder, const Handler& handler, Exec exec,
        Cache cache);

    QHttpServer& m_server;
    ApiContext& m_context;
    QThreadPool& m_pool;
    QObject* m_owner;
    QList<Route> m_routes;
};
