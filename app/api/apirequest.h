// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

// What a route handler needs of a request, copied out of QHttpServerRequest so that a handler can run
// on the report pool after the connection is gone (Qt<6.5 frees the request with its socket).
struct ApiRequest
{
    QByteArray method; // "GET", ...
    QString path;
    QUrlQuery query;
    QStringList args; // the pattern's <arg> captures, in order
    QHash<QByteArray, QByteArray> headers; // names lower-case
    qint64 bodySize = 0;

    QByteArray header(const char* lowerCaseName) const { return headers.value(QByteArray(lowerCaseName)); }
};
