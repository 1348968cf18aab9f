// SPDX-License-Identifier: MIT
#include "apirouter.h"

#include "apicontext.h"
#include "store/storeerror.h"

#include <exception>
#include <memory>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>
#include <QTcpSocket>
#include <QThreadPool>
#include <QUrl>

namespace {

ApiResponse runHandler(const ApiRouter::Handler& handler, const ApiRequest& request, ApiContext& context)
{
    // A bad parameter is the handler's 400; what reaches here is a failure of ours (the database went
    // away, a bug). It is reported as 500 with the reason, never as a dropped connection.
    try {
        return handler(request, context);
    } catch (const StoreError& error) {
        return ApiResponse::error(500, QStringLiteral("database error: %1").arg(error.message()));
    } catch (const std::exception& error) {
        return ApiResponse::error(
            500, QStringLiteral("internal error: %1").arg(QString::fromUtf8(error.what())));
    }
}

// "127.0.0.1:8765", "localhost", "[::1]:8765", ...; an absent Host (HTTP/1.0 clients) is accepted.
bool isLoopbackHost(const QByteArray& host)
{
    if (host.isEmpty())
        return true;
    QByteArray name = host.trimmed().toLower();
    if (name.startsWith('[')) {
        name = name.mid(1, name.indexOf(']') - 1);
    } else if (name.count(':') == 1) {
        name = name.left(name.indexOf(':'));
    }
    if (name == "localhost" || name.endsWith(".localhost"))
        return true;
    const QHostAddress address(QString::fromLatin1(name));
    return !address.isNull() && address.isLoopback();
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

ApiRouter::ApiRouter(QHttpServer& server, ApiContext& context, QThreadPool& pool, QObject* owner)
    : m_server(server)
    , m_context(context)
    , m_pool(pool)
    , m_owner(owner)
{ }

HttpCompat::HeaderList ApiRouter::corsHeaders(const ApiRequest& request) const
{
    const QByteArray origin = request.header("origin");
    const QStringList& allowed = m_context.config().corsOrigins;
    if (origin.isEmpty()
        || !(allowed.contains(QStringLiteral("*")) || allowed.contains(QString::fromUtf8(origin))))
        return {};
    return {
        { QByteArrayLiteral("Access-Control-Allow-Origin"), origin },
        { QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin") },
        { QByteArrayLiteral("Access-Control-Allow-Methods"), QByteArrayLiteral("GET, OPTIONS") },
        { QByteArrayLiteral("Access-Control-Allow-Headers"),
            QByteArrayLiteral("Authorization, Content-Type, Last-Event-ID") },
        { QByteArrayLiteral("Access-Control-Expose-Headers"), QByteArrayLiteral("X-Total-Count") },
        { QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600") },
    };
}

ApiResponse ApiRouter::admit(const ApiRequest& request) const
{
    const ServerConfig& config = m_context.config();
    // DNS rebinding: a web page whose name resolves to 127.0.0.1 could otherwise read a loopback server
    // without a token, CORS or not. A loopback server without a token answers only requests addressed
    // to a loopback name.
    if (config.isLoopback() && config.token.isEmpty() && !isLoopbackHost(request.header("host")))
        return ApiResponse::error(403,
            QStringLiteral("Host '%1' is not a loopback name; use 127.0.0.1, localhost or [::1]")
                .arg(QString::fromUtf8(request.header("host").left(80))));
    if (!config.token.isEmpty()) {
        const QByteArray expected = QByteArrayLiteral("Bearer ") + config.token.toUtf8();
        if (!constantTimeEquals(request.header("authorization"), expected)) {
            ApiResponse response = ApiResponse::error(401, QStringLiteral("missing or wrong bearer token"));
            response.headers.append({ QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer") });
            return response;
        }
    }
    if (request.bodySize > config.maxBodyBytes)
        return ApiResponse::error(413,
            QStringLiteral("request body of %1 bytes is over the limit of %2 bytes")
                .arg(request.bodySize)
                .arg(config.maxBodyBytes));
    ApiResponse go;
    go.status = 0;
    return go;
}

void ApiRouter::answer(const ApiRequest& request, QHttpServerResponder& responder, const Handler& handler,
    Exec exec, Cache cache)
{
    const HttpCompat::HeaderList cors = corsHeaders(request);
    const ApiResponse refused = admit(request);
    if (refused.status != 0) {
        HttpCompat::send(responder, refused, cors);
        return;
    }
    // Reused answers are looked up here, on the API thread, whichever thread computes them: a hit costs
    // one PRAGMA data_version and no hop to the pool. Every input is in the key: path, parameters and
    // the local date (days=N windows move at midnight); auth was checked above.
    QString key;
    qint64 version = 0;
    if (cache == Cache::UntilDataChanges) {
        key = QLatin1String("route:") + request.path + QLatin1Char('?')
            + request.query.toString(QUrl::FullyEncoded) + QLatin1Char('@')
            + m_context.now().toTimeZone(m_context.config().timeZone).date().toString(Qt::ISODate);
        ApiResponse response;
        bool hit = false;
        try {
            hit = m_context.memoized(key, &response, &version);
        } catch (const StoreError&) {
            key.clear(); // the database is unreadable: no reuse; the handler reports why
        }
        if (hit) {
            HttpCompat::send(responder, response, cors);
            return;
        }
    }
    ApiContext* context = &m_context;
    // Kept only when no commit happened between the lookup and now (memoize() compares versions), so
    // an answer computed from an older snapshot is never reused. Never throws: a failure to remember
    // must not lose the answer.
    const auto remember = [context, key, version](const ApiResponse& response) {
        if (key.isEmpty() || response.status != 200)
            return;
        try {
            context->memoize(key, response, version);
        } catch (const StoreError&) { }
    };
    if (exec == Exec::Inline) {
        const ApiResponse response = runHandler(handler, request, m_context);
        remember(response);
        HttpCompat::send(responder, response, cors);
        return;
    }
    // Qt<6.5: a QFuture route would write to a freed socket if the client left first (qt-notes.md
    // §2.6). The responder is kept alive here, the socket is guarded, and the answer is written on the
    // API thread (m_owner's) when the pool is done.
    auto holder = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = holder->socket();
    QtConcurrent::run(&m_pool, [handler, request, context] {
        return runHandler(handler, request, *context);
    }).then(m_owner, [holder, socket, cors, remember](const ApiResponse& response) {
        remember(response);
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            HttpCompat::send(*holder, response, cors);
    });
}

template <typename Dispatch> void ApiRouter::add(const QString& pattern, bool stream, Dispatch dispatch)
{
    m_routes.append(Route { pattern, QByteArrayLiteral("GET"), stream });
    const auto method = QHttpServerRequest::Method::Get;
    if (pattern.contains(QLatin1String("<arg>"))) {
        m_server.route(pattern, method,
            [dispatch](
                const QString& arg, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                dispatch(HttpCompat::toApiRequest(request, { arg }), responder);
            });
    } else {
        m_server.route(
            pattern, method, [dispatch](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                dispatch(HttpCompat::toApiRequest(request, {}), responder);
            });
    }
}

void ApiRouter::get(const QString& pattern, Handler handler, Exec exec, Cache cache)
{
    add(pattern, false,
        [this, handler, exec, cache](const ApiRequest& request, QHttpServerResponder& responder) {
            answer(request, responder, handler, exec, cache);
        });
}

void ApiRouter::stream(const QString& pattern, StreamHandler handler)
{
    add(pattern, true, [this, handler](const ApiRequest& request, QHttpServerResponder& responder) {
        const HttpCompat::HeaderList cors = corsHeaders(request);
        const ApiResponse refused = admit(request);
        if (refused.status != 0) {
            HttpCompat::send(responder, refused, cors);
            return;
        }
        handler(request, responder, cors);
    });
}

void ApiRouter::finish()
{
    // Browsers send a preflight without credentials, so it is answered before the token check (the Host
    // check still applies: see admit()).
    m_server.route(QStringLiteral("/api/<arg>"), QHttpServerRequest::Method::Options,
        [this](const QUrl&, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            ApiResponse response;
            response.status = 204;
            response.contentType = QByteArrayLiteral("text/plain");
            HttpCompat::send(responder, response, corsHeaders(HttpCompat::toApiRequest(request, {})));
        });

    // Qt<6.8: a method mismatch falls through to the missing handler (404). Every path gets a catch-all
    // registered after its GET rule, which answers 405 with Allow.
    QSet<QString> seen;
    for (const Route& route : std::as_const(m_routes)) {
        if (seen.contains(route.pattern))
            continue;
        seen.insert(route.pattern);
        auto refuse = [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
            const ApiRequest apiRequest = HttpCompat::toApiRequest(request, {});
            const ApiResponse refused = admit(apiRequest);
            if (refused.status != 0) {
                HttpCompat::send(responder, refused, corsHeaders(apiRequest));
                return;
            }
            ApiResponse response = ApiResponse::error(405,
                QStringLiteral("method %1 is not allowed here; use GET")
                    .arg(QString::fromLatin1(apiRequest.method)));
            response.headers.append({ QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, OPTIONS") });
            HttpCompat::send(responder, response, corsHeaders(apiRequest));
        };
        if (route.pattern.contains(QLatin1String("<arg>"))) {
            m_server.route(route.pattern, QHttpServerRequest::Method::AnyKnown,
                [refuse](const QString&, const QHttpServerRequest& request,
                    QHttpServerResponder&& responder) { refuse(request, responder); });
        } else {
            m_server.route(route.pattern, QHttpServerRequest::Method::AnyKnown,
                [refuse](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                    refuse(request, responder);
                });
        }
    }

    // Qt<6.8: afterRequest does not run for a custom missing handler, so CORS is added here by hand.
    m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        const ApiRequest apiRequest = HttpCompat::toApiRequest(request, {});
        const ApiResponse refused = admit(apiRequest);
        if (refused.status != 0) {
            HttpCompat::send(responder, refused, corsHeaders(apiRequest));
            return;
        }
        HttpCompat::send(responder,
            ApiResponse::notFound(QStringLiteral("no such route: %1").arg(apiRequest.path)),
            corsHeaders(apiRequest));
    });
}
