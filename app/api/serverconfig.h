// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <QDateTime>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QTimeZone>

class PriceBook;

// How `agentmeter serve` (and the window's embedded server) listens and what it may answer.
struct ServerConfig
{
    QHostAddress bind = QHostAddress::LocalHost; // never Any by default (qt-notes.md §2.4)
    quint16 port = 8765; // 0: pick a free port (tests)
    QString token; // required when bind is not loopback; then every request needs "Bearer <token>"
    QStringList corsOrigins; // origins allowed to read responses from a browser; "*" = any
    qint64 maxBodyBytes = 1 << 20; // larger request bodies get 413
    QString databasePath;
    std::shared_ptr<const PriceBook> prices;
    QTimeZone timeZone = QTimeZone::systemTimeZone(); // day boundaries of days=N and stats/daily
    int reportThreads = 2; // the pool for heavy reports
    int analyticsIntervalMs = 5000; // /api/stream frames (analytics-stream-api.md: every 5 s)
    int keepAliveMs = 15000; // SSE comment lines, so half-open peers fail and get dropped
    int eventHistory = 1000; // /api/events frames kept for Last-Event-ID resume
    qint64 slowReaderBytes = 256 * 1024; // an SSE client this far behind is dropped
    int tokensCacheSeconds = 15 * 60; // /api/tokens (token-tracker-report.md: 15 minutes)
    // Tests pin "now" so that days=N windows over fixture data are stable.
    std::function<QDateTime()> clock;

    bool isLoopback() const { return bind.isLoopback(); }
    QDateTime now() const { return clock ? clock() : QDateTime::currentDateTimeUtc(); }
};
