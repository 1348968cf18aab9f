// SPDX-License-Identifier: MIT
#include "tokenroutes.h"

#include "apirouter.h"

void registerTokenRoutes(ApiRouter& router)
{
    Q_UNUSED(router);
}
