// SPDX-License-Identifier: MIT
#include "ssehub.h"

#include "serverconfig.h"

#include <QHash>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QTcpSocket>

SseHub::SseHub(QHttpServer& server, const ServerConfig& config, QObject* parent)
    : QObject(parent)
    , m_server(server)
    , m_config(config)
{
    m_keepAlive.setInterval(config.keepAliveMs);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        broadcast(Channel::Events, QByteArrayLiteral(": ping\n\n"));
        broadcast(Channel::Analytics, QByteArrayLiteral(": ping\n\n"));
    });
    connect(&m_analyticsTimer, &QTimer::timeout, this, &SseHub::broadcastAnalytics);
}

SseHub::~SseHub()
{
    // abort() emits disconnected at once, whose handler erases from the map: erase first.
    std::map<quint64, Subscriber> subscribers;
    subscribers.swap(m_subscribers);
    for (auto& [key, subscriber] : subscribers) {
        if (subscriber.socket)
            subscriber.socket->abort();
    }
}

QByteArray SseHub::frame(quint64 id, const QString& event, const QByteArray& data)
{
    QByteArray bytes;
    bytes.reserve(data.size() + 64);
    if (id != 0)
        bytes += "id: " + QByteArray::number(id) + '\n';
    bytes += "event: " + event.toUtf8() + '\n';
    // A newline inside data would end the field; compact JSON has none, other text is split.
    for (const QByteArray& line : data.split('\n'))
        bytes += "data: " + line + '\n';
    bytes += '\n';
    return bytes;
}

void SseHub::setFrameSource(Channel channel, int intervalMs, FrameSource source)
{
    if (channel != Channel::Analytics)
        return;
    m_analyticsSource = std::move(source);
    m_analyticsTimer.setInterval(intervalMs);
    updateTimers();
}

void SseHub::subscribe(QHttpServerResponder& responder, Channel channel, const HttpCompat::HeaderList& cors,
    const QSet<QString>& topics, std::optional<quint64> lastEventId, const QString& variant)
{
    QByteArray prologue = "retry: 3000\n: connected\n\n";
    if (channel == Channel::Events && lastEventId) {
        if (!m_history.empty() && *lastEventId + 1 < m_history.front().id && *lastEventId < m_lastId.load())
            prologue += ": history starts at id " + QByteArray::number(m_history.front().id)
                + "; older events are gone\n\n";
        for (const HistoryEntry& entry : m_history) {
            if (entry.id > *lastEventId && (topics.isEmpty() || topics.contains(entry.topic)))
                prologue += entry.frame;
        }
    } else if (channel == Channel::Analytics && m_analyticsSource) {
        prologue += m_analyticsSource(variant);
    }
    QTcpSocket* socket = HttpCompat::beginEventStream(m_server, responder, cors, prologue);
    const quint64 key = m_nextKey++;
    m_subscribers.emplace(key, Subscriber { channel, topics, socket, variant });
    // Keyed by a counter, not by the socket: socket addresses are reused.
    connect(socket, &QAbstractSocket::disconnected, this, [this, key] { remove(key); });
    updateTimers();
}

quint64 SseHub::publish(const QString& topic, const QJsonObject& data)
{
    const quint64 id = ++m_lastId;
    const QByteArray bytes = frame(id, topic, QJsonDocument(data).toJson(QJsonDocument::Compact));
    m_history.push_back(HistoryEntry { id, topic, bytes });
    while (m_history.size() > size_t(qMax(0, m_config.eventHistory)))
        m_history.pop_front();
    broadcast(Channel::Events, bytes, topic);
    return id;
}

bool SseHub::deliver(Subscriber& subscriber, const QByteArray& bytes)
{
    QTcpSocket* socket = subscriber.socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    // A reader that does not keep up would make the socket buffer grow without bound; it is cut off
    // and may reconnect with Last-Event-ID. flush() first hands what the kernel takes now to the kernel:
    // frames queued in this same turn of the event loop (several topics of one pass, a resume replay)
    // are not the reader's fault.
    socket->flush();
    if (socket->bytesToWrite() > m_config.slowReaderBytes) {
        ++m_droppedSlow;
        return false;
    }
    socket->write(bytes);
    return true;
}

void SseHub::broadcast(Channel channel, const QByteArray& bytes, const QString& topic)
{
    std::vector<quint64> gone;
    for (auto& [key, subscriber] : m_subscribers) {
        if (subscriber.channel != channel)
            continue;
        if (!topic.isEmpty() && !subscriber.topics.isEmpty() && !subscriber.topics.contains(topic))
            continue;
        if (!deliver(subscriber, bytes))
            gone.push_back(key);
    }
    for (quint64 key : gone)
        remove(key);
}

void SseHub::broadcastAnalytics()
{
    if (!m_analyticsSource)
        return;
    // One frame per variant and tick, however many subscribers share it.
    QHash<QString, QByteArray> frames;
    std::vector<quint64> gone;
    for (auto& [key, subscriber] : m_subscribers) {
        if (subscriber.channel != Channel::Analytics)
            continue;
        auto frame = frames.find(subscriber.variant);
        if (frame == frames.end())
            frame = frames.insert(subscriber.variant, m_analyticsSource(subscriber.variant));
        if (!deliver(subscriber, *frame))
            gone.push_back(key);
    }
    for (quint64 key : gone)
        remove(key);
}

void SseHub::remove(quint64 key)
{
    const auto it = m_subscribers.find(key);
    if (it == m_subscribers.end())
        return;
    const QPointer<QTcpSocket> socket = it->second.socket;
    // Erased before abort(): abort() emits disconnected synchronously, which calls remove() again.
    m_subscribers.erase(it);
    if (socket && socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
    updateTimers();
}

void SseHub::countSubscribers()
{
    int events = 0;
    for (const auto& [key, subscriber] : m_subscribers)
        events += subscriber.channel == Channel::Events ? 1 : 0;
    m_eventClients = events;
    m_streamClients = int(m_subscribers.size()) - events;
}

void SseHub::updateTimers()
{
    countSubscribers();
    // Nothing ticks while nobody listens: an idle server must stay near 0% CPU.
    const bool anyone = !m_subscribers.empty();
    if (anyone && !m_keepAlive.isActive())
        m_keepAlive.start();
    else if (!anyone)
        m_keepAlive.stop();
    const bool analytics = m_analyticsSource && subscriberCount(Channel::Analytics) > 0;
    if (analytics && !m_analyticsTimer.isActive())
        m_analyticsTimer.start();
    else if (!analytics)
        m_analyticsTimer.stop();
}
