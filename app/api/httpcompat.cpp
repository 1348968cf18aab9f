// SPDX-License-Identifier: MIT
#include "httpcompat.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

namespace HttpCompat {

quint16 listen(QHttpServer& server, const QHostAddress& address, quint16 port)
{
    // Qt<6.8: listen() defaults to QHostAddress::Any; the address is always passed explicitly.
    return server.listen(address, port);
}

ApiRequest toApiRequest(const QHttpServerRequest& request, const QStringList& args)
{
    ApiRequest result;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        result.method = QByteArrayLiteral("GET");
        break;
    case QHttpServerRequest::Method::Head:
        result.method = QByteArrayLiteral("HEAD");
        break;
    case QHttpServerRequest::Method::Options:
        result.method = QByteArrayLiteral("OPTIONS");
        break;
    case QHttpServerRequest::Method::Post:
        result.method = QByteArrayLiteral("POST");
        break;
    default:
        result.method = QByteArrayLiteral("OTHER");
        break;
    }
    result.path = request.url().path();
    result.query = request.query();
    result.args = args;
    result.bodySize = request.body().size();
    // Qt<6.8: headers() is a list of pairs with the names as sent (6.8 has QHttpHeaders).
    const auto headers = request.headers();
    for (const auto& header : headers)
        result.headers.insert(header.first.toLower(), header.second);
    return result;
}

void send(QHttpServerResponder& responder, const ApiResponse& response, const HeaderList& extra)
{
    // Qt<6.5: there is no sendResponse(); the status line, headers and body are written by hand so
    // that responder-based routes (all of ours) get the same headers as returned responses would.
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    responder.writeHeader(QByteArrayLiteral("Content-Type"), response.contentType);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(response.body.size()));
    for (const auto& header : response.headers)
        responder.writeHeader(header.first, header.second);
    for (const auto& header : extra)
        responder.writeHeader(header.first, header.second);
    responder.writeBody(response.body);
}

QTcpSocket* beginEventStream(
    QHttpServer& server, QHttpServerResponder& responder, const HeaderList& extra, const QByteArray& prologue)
{
    QTcpSocket* socket = responder.socket();
    responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    responder.writeHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream"));
    responder.writeHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache"));
    responder.writeHeader(QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no"));
    // No Content-Length: the body ends when the connection closes (RFC 9112 §6.3).
    responder.writeHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    for (const auto& header : extra)
        responder.writeHeader(header.first, header.second);
    responder.writeBody(prologue);
    // Qt<6.5: the server keeps parsing requests on this socket while the stream is open and would
    // splice their answers into it (qt-notes.md §2.5 defect b). From here on, incoming bytes are read
    // and dropped.
    QObject::disconnect(socket, &QIODevice::readyRead, &server, nullptr);
    QObject::connect(socket, &QIODevice::readyRead, socket, [socket] { socket->readAll(); });
    return socket;
}

} // namespace HttpCompat
