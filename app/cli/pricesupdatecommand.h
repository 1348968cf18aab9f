// SPDX-License-Identifier: MIT
#pragma once

#include <QUrl>

// `agentmeter prices update` once its arguments are parsed (CliApp): fetches the price data from url
// into the fetched copy reports use, and says what it got. Runs in agentmeter-network.so.
class PricesUpdateCommand
{
public:
    int run(const QUrl& url);
};
