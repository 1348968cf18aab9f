// SPDX-License-Identifier: MIT
#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QStringList>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

// Every use of QtHttpServer 6.4's response and socket API lives here, so that an upgrade (6.5 removes
// QHttpServerResponse::write, 6.8 adds chunked writes and QHttpHeaders) touches one file
// (qt-notes.md §2.8). Each workaround carries "Qt<6.5:".
namespace HttpCompat {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Listens on address:port (port 0 picks a free one); returns the bound port, 0 on failure.
quint16 listen(QHttpServer& server, const QHostAddress& address, quint16 port);

ApiRequest toApiRequest(const QHttpServerRequest& request, const QStringList& args);

// Writes a whole response with Content-Length and the given extra headers (CORS).
void send(QHttpServerResponder& responder, const ApiResponse& response, const HeaderList& extra);

// Starts a Server-Sent-Events response on the responder's socket: status line, event-stream headers
// and the extra (CORS) headers, then `prologue` as the first bytes of the body. The socket is then
// detached from the server's request parser (Qt<6.5: a request pipelined on the same connection would
// otherwise be answered into the middle of the stream), and what the client sends later is discarded.
// Returns the socket, which the caller owns as a plain byte stream from now on.
QTcpSocket* beginEventStream(QHttpServer& server, QHttpServerResponder& responder, const HeaderList& extra,
    const QByteArray& prologue);

} // namespace HttpCompat
