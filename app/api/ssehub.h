// SPDX-License-Identifier: MIT
#pragma once

#include "httpcompat.h"

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

class QHttpServer;
class QHttpServerResponder;
class QTcpSocket;
struct ServerConfig;

// The Server-Sent-Events side of the API, on the API thread (qt-notes.md §2.5 recipe). Two channels:
// Events (/api/events: numbered frames per topic, kept in a bounded history for Last-Event-ID resume)
// and Analytics (/api/stream: one frame every few seconds, computed only while someone listens).
// Slow readers are dropped once their unsent bytes pass a cap; a keep-alive comment makes half-open
// peers fail and go.
class SseHub : public QObject
{
    Q_OBJECT
public:
    enum class Channel
    {
        Events,
        Analytics
    };
    // Builds a whole frame for one variant of the Analytics channel (a subscriber's filters, as a
    // canonical string; "" when it has none).
    using FrameSource = std::function<QByteArray(const QString& variant)>;

    SseHub(QHttpServer& server, const ServerConfig& config, QObject* parent = nullptr);
    ~SseHub() override;

    // Takes over the responder's connection as an event stream. Events subscribers get the history
    // after lastEventId (when given) for their topics; an empty topic set means every topic.
    // Analytics subscribers get the frames of their variant.
    void subscribe(QHttpServerResponder& responder, Channel channel, const HttpCompat::HeaderList& cors,
        const QSet<QString>& topics = {}, std::optional<quint64> lastEventId = std::nullopt,
        const QString& variant = {});
    // The Analytics channel's frames: every intervalMs while the channel has subscribers, `source` is
    // asked once per variant that someone listens to (not once per subscriber), and once for each new
    // subscriber.
    void setFrameSource(Channel channel, int intervalMs, FrameSource source);

    // Publishes an event on the Events channel; returns its id (ids only grow, from 1).
    quint64 publish(const QString& topic, const QJsonObject& data);

    // Counters readable from any thread (the health route runs on the report pool).
    int subscriberCount(Channel channel) const
    {
        return channel == Channel::Events ? m_eventClients.load() : m_streamClients.load();
    }
    quint64 lastEventId() const { return m_lastId.load(); }
    qint64 droppedSlowReaders() const { return m_droppedSlow.load(); }
    // Serialises one SSE frame: id (0 = none), event name, one-line JSON data.
    static QByteArray frame(quint64 id, const QString& event, const QByteArray& data);

private:
    struct Subscriber
    {
        Channel channel = Channel::Events;
        QSet<QString> topics;
        QPointer<QTcpSocket> socket;
        QString variant;
    };
    struct HistoryEntry
    {
        quint64 id;
        QString topic;
        QByteArray frame;
    };

    // Writes to one subscriber; false (and the subscriber closed) when it is gone or too slow.
    bool deliver(Subscriber& subscriber, const QByteArray& bytes);
    void broadcast(Channel channel, const QByteArray& bytes, const QString& topic = {});
    void broadcastAnalytics();
    void remove(quint64 key);
    void updateTimers();
    void countSubscribers();

    QHttpServer& m_server;
    const ServerConfig& m_config;
    std::map<quint64, Subscriber> m_subscribers;
    quint64 m_nextKey = 1;
    std::deque<HistoryEntry> m_history;
    std::atomic<quint64> m_lastId = 0;
    std::atomic<qint64> m_droppedSlow = 0;
    std::atomic<int> m_eventClients = 0;
    std::atomic<int> m_streamClients = 0;
    QTimer m_keepAlive;
    QTimer m_analyticsTimer;
    FrameSource m_analyticsSource;
};
