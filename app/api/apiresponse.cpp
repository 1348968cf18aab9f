// SPDX-License-Identifier: MIT
#include "apiresponse.h"

#include "pagerequest.h"

#include <QJsonDocument>

ApiResponse ApiResponse::json(const QJsonObject& object, int status)
{
    ApiResponse response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

ApiResponse ApiResponse::ok(const QJsonValue& data, const QJsonObject& meta)
{
    QJsonObject envelope { { QStringLiteral("success"), true }, { QStringLiteral("data"), data } };
    if (!meta.isEmpty())
        envelope.insert(QStringLiteral("meta"), meta);
    return json(envelope);
}

ApiResponse ApiResponse::page(const QJsonArray& data, const PageRequest& page, qint64 total)
{
    ApiResponse response = ok(data, page.meta(total));
    response.headers.append({ QByteArrayLiteral("X-Total-Count"), QByteArray::number(total) });
    return response;
}

ApiResponse ApiResponse::error(int status, const QString& message)
{
    return json(
        QJsonObject { { QStringLiteral("success"), false }, { QStringLiteral("error"), message } }, status);
}
