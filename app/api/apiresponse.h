// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

struct PageRequest;

// One HTTP answer as a value type: built by a route handler on any thread, written to the socket on
// the API thread by httpcompat (the only file that knows Qt 6.4's response classes).
struct ApiResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    // A bare JSON document, for the seeds whose routes have no envelope (analytics, token tracker).
    static ApiResponse json(const QJsonObject& object, int status = 200);
    // monitor-rest-api.md's envelope: {success: true, data[, meta]}.
    static ApiResponse ok(const QJsonValue& data, const QJsonObject& meta = {});
    // A page of a list: the envelope with pagination meta and the X-Total-Count header.
    static ApiResponse page(const QJsonArray& data, const PageRequest& page, qint64 total);
    // {success: false, error}; 400 for a bad parameter, 404 for an unknown id, ...
    static ApiResponse error(int status, const QString& message);
    static ApiResponse badRequest(const QString& message) { return error(400, message); }
    static ApiResponse notFound(const QString& message) { return error(404, message); }
};
