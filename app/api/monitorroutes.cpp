// SPDX-License-Identifier: MIT
#include "monitorroutes.h"

#include "apirouter.h"

void registerMonitorRoutes(ApiRouter& router)
{
    Q_UNUSED(router);
}
