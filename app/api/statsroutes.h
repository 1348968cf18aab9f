// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/global-stats and /api/stats/daily (/api/stats, the table counts, is registered elsewhere).
void registerStatsRoutes(ApiRouter& router);
