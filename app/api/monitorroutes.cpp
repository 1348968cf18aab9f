// SPDX-License-Identifier: MIT
#include "monitorroutes.h"

#include "apirouter.h"
#include "sessioncostroute.h"
#include "sessiondetailroutes.h"
#include "sessioneventroutes.h"
#include "sessionroutes.h"
#include "statsroutes.h"
#include "traceroutes.h"

void registerMonitorRoutes(ApiRouter& router)
{
    registerSessionRoutes(router);
    registerSessionDetailRoutes(router);
    registerSessionCostRoute(router);
    registerSessionEventRoutes(router);
    registerTraceRoutes(router);
    registerStatsRoutes(router);
}
