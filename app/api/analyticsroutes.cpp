// SPDX-License-Identifier: MIT
#include "analyticsroutes.h"

#include "apirouter.h"

void registerAnalyticsRoutes(ApiRouter& router)
{
    Q_UNUSED(router);
}
