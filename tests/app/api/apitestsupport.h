// SPDX-License-Identifier: MIT
#pragma once

#include "serverconfig.h"
#include "testsupport.h"

#include <memory>
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QTcpSocket>

class ApiServer;

// What the API tests share: a database ingested from every source's fixture, a server on 127.0.0.1
// port 0 with "now" pinned, and plain-socket HTTP and SSE clients (real HTTP, nothing mocked).
namespace ApiTestSupport {

using TestSupport::buildFixtureDatabase;
using TestSupport::fixtureNow;

// A config for tests: loopback, port 0, UTC, clock pinned to fixtureNow(), the embedded prices.
ServerConfig testConfig(const QString& dbPath);

struct HttpReply
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QByteArray body;
    QJsonObject json() const;
    QByteArray header(const char* lowerCaseName) const { return headers.value(QByteArray(lowerCaseName)); }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

// One request on a fresh connection; waits up to timeoutMs for the whole response.
HttpReply request(quint16 port, const QByteArray& method, const QByteArray& target,
    const Headers& headers = {}, const QByteArray& body = {}, int timeoutMs = 10000);
inline HttpReply get(quint16 port, const QByteArray& target, const Headers& headers = {})
{
    return request(port, "GET", target, headers);
}
// Parses one HTTP/1.1 response from the front of `buffer`; returns false until it is complete.
bool parseResponse(QByteArray& buffer, HttpReply* reply);

// A Server-Sent-Events client on its own socket. Frames are parsed as they arrive.
class SseClient
{
public:
    struct Event
    {
        QByteArray id;
        QByteArray event;
        QByteArray data;
        QJsonObject json() const;
    };

    bool open(quint16 port, const QByteArray& target, const Headers& headers = {}, int timeoutMs = 5000);
    // Waits until at least `count` events arrived in total (comments do not count).
    bool waitForEvents(int count, int timeoutMs = 5000);
    const QList<Event>& events() const { return m_events; }
    int status() const { return m_status; }
    QByteArray headerBlock() const { return m_headerBlock; }
    QByteArray raw() const { return m_raw; } // the body as received, comments included
    QTcpSocket& socket() { return m_socket; }
    void close() { m_socket.abort(); }

private:
    void feed(const QByteArray& data);

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_raw;
    QByteArray m_headerBlock;
    int m_status = 0;
    QList<Event> m_events;
};

} // namespace ApiTestSupport
