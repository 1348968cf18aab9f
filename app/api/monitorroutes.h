// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// Routes of monitor-rest-api.md: sessions, session search and sub-resources, traces, tracing tree,
// delegations, global-stats, stats/daily.
void registerMonitorRoutes(ApiRouter& router);
