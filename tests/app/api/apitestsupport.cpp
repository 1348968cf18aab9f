// SPDX-License-Identifier: MIT
#include "apitestsupport.h"

#include "ingest/sourceset.h"
#include "pricing/pricebook.h"
#include "testsupport.h"

#include <algorithm>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

namespace ApiTestSupport {

ServerConfig testConfig(const QString& dbPath)
{
    ServerConfig config;
    config.port = 0;
    config.databasePath = dbPath;
    config.timeZone = QTimeZone::utc();
    config.clock = [] { return fixtureNow(); };
    auto prices = std::make_shared<PriceBook>();
    QFile data(QStringLiteral(":/prices/data_slim.json"));
    if (data.open(QIODevice::ReadOnly))
        prices->loadGenaiPrices(data.readAll(), nullptr);
    config.prices = prices;
    return config;
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

bool parseResponse(QByteArray& buffer, HttpReply* reply)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    HttpReply parsed;
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    parsed.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            parsed.headers.insert(
                lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const qsizetype length = parsed.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < end + 4 + length)
        return false;
    parsed.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    *reply = parsed;
    return true;
}

HttpReply request(quint16 port, const QByteArray& method, const QByteArray& target, const Headers& headers,
    const QByteArray& body, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\n";
    if (std::none_of(
            headers.cbegin(), headers.cend(), [](const auto& h) { return h.first.toLower() == "host"; }))
        head += "Host: 127.0.0.1\r\n";
    for (const auto& header : headers)
        head += header.first + ": " + header.second + "\r\n";
    if (!body.isEmpty())
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    socket.write(head + "\r\n" + body);
    QByteArray buffer;
    HttpReply reply;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (parseResponse(buffer, &reply))
            return reply;
        if (!socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
        buffer += socket.readAll();
    }
    return parseResponse(buffer, &reply) ? reply : HttpReply {};
}

QJsonObject SseClient::Event::json() const
{
    return QJsonDocument::fromJson(data).object();
}

bool SseClient::open(quint16 port, const QByteArray& target, const Headers& headers, int timeoutMs)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(timeoutMs))
        return false;
    QByteArray head = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto& header : headers)
        head += header.first + ": " + header.second + "\r\n";
    m_socket.write(head + "\r\n");
    QDeadlineTimer deadline(timeoutMs);
    while (m_status == 0 && !deadline.hasExpired()) {
        if (!m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
        feed(m_socket.readAll());
    }
    return m_status != 0;
}

void SseClient::feed(const QByteArray& data)
{
    m_buffer += data;
    if (m_status == 0) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_headerBlock = m_buffer.left(end);
        m_status = m_headerBlock.split(' ').value(1).toInt();
        m_buffer.remove(0, end + 4);
        m_raw += m_buffer;
    } else {
        m_raw += data;
    }
    // Frames end with a blank line; a frame of only comments is not an event.
    qsizetype end;
    while ((end = m_buffer.indexOf("\n\n")) >= 0) {
        const QByteArray block = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        Event event;
        bool any = false;
        for (const QByteArray& line : block.split('\n')) {
            if (line.startsWith("id: ")) {
                event.id = line.mid(4);
                any = true;
            } else if (line.startsWith("event: ")) {
                event.event = line.mid(7);
                any = true;
            } else if (line.startsWith("data: ")) {
                event.data += (event.data.isEmpty() ? QByteArray() : QByteArray("\n")) + line.mid(6);
                any = true;
            }
        }
        if (any && !event.event.isEmpty())
            m_events.append(event);
    }
}

bool SseClient::waitForEvents(int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_events.size() < count && !deadline.hasExpired()) {
        if (m_socket.bytesAvailable() == 0
            && !m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_socket.state() != QAbstractSocket::ConnectedState)
                break;
            continue;
        }
        feed(m_socket.readAll());
    }
    return m_events.size() >= count;
}

} // namespace ApiTestSupport
