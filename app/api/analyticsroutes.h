// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// Routes of analytics-stream-api.md: /api/metrics/projects, /api/stream (SSE), /api/stats,
// /api/project/stats, /api/machine/stats, /api/overrides/stats, /api/activity.
void registerAnalyticsRoutes(ApiRouter& router);
