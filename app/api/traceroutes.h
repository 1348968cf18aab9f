// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/traces, /api/trace/<id>, /api/tracing/tree and /api/delegations.
void registerTraceRoutes(ApiRouter& router);
