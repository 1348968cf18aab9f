// SPDX-License-Identifier: MIT
#include "pricesupdatecommand.h"

#include "cliapp.h"
#include "clicontext.h"
#include "pricefetcher.h"

#include <QTextStream>

int PricesUpdateCommand::run(const QUrl& url)
{
    const PriceFetcher::Result result = PriceFetcher::fetch(url, CliContext::fetchedPricesPath());
    if (!result.ok) {
        err() << QStringLiteral("agentmeter prices: %1 (the price data in use is unchanged)\n")
                     .arg(result.error)
              << Qt::flush;
        return CliApp::Failed;
    }
    out() << QStringLiteral("Fetched %1 bytes of price data (%2 providers, %3 models) to %4\n")
                 .arg(result.bytes)
                 .arg(result.providers)
                 .arg(result.models)
                 .arg(CliContext::fetchedPricesPath())
          << Qt::flush;
    return CliApp::Ok;
}
