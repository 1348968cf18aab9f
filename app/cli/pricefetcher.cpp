// SPDX-License-Identifier: MIT
#include "pricefetcher.h"

#include "pricing/pricebook.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QTimer>

PriceFetcher::Result PriceFetcher::fetch(const QUrl& url, const QString& destination, int timeoutMs)
{
    Result result;
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply* reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString networkError = reply->error() != QNetworkReply::NoError ? reply->errorString() : QString();
    reply->deleteLater();
    if (status != 0 && status != 200) {
        result.error = QStringLiteral("download failed: HTTP status %1").arg(status);
        return result;
    }
    if (!networkError.isEmpty()) {
        result.error = QStringLiteral("download failed: %1").arg(networkError);
        return result;
    }
    PriceBook book;
    QString error;
    if (!book.loadGenaiPrices(body, &error) || book.providerCount() == 0) {
        result.error = QStringLiteral("the download is not genai-prices data: %1")
                           .arg(error.isEmpty() ? QStringLiteral("no providers") : error);
        return result;
    }
    QDir().mkpath(QFileInfo(destination).absolutePath());
    QSaveFile file(destination);
    if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !file.commit()) {
        result.error = QStringLiteral("cannot write %1: %2").arg(destination, file.errorString());
        return result;
    }
    result.ok = true;
    result.providers = book.providerCount();
    result.models = book.modelCount();
    result.bytes = body.size();
    return result;
}
