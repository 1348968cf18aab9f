// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

// Fetches a newer genai-prices data_slim.json from upstream for `agentmeter prices update`. The
// download replaces the stored copy only when it loads as a complete price book, so a failed or
// truncated download never leaves AgentMeter without prices.
class PriceFetcher
{
public:
    // Inline: the command line names it in `prices --help` without loading the network module.
    static QUrl defaultUrl()
    {
        return QUrl(QStringLiteral(
            "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/data_slim.json"));
    }

    struct Result
    {
        bool ok = false;
        QString error;
        int providers = 0;
        int models = 0;
        qint64 bytes = 0;
    };

    // Downloads url and, when valid, writes it atomically to destination.
    static Result fetch(const QUrl& url, const QString& destination, int timeoutMs = 30000);
};
