// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/health and /api/health/detailed (monitor-rest-api.md, Health).
void registerHealthRoutes(ApiRouter& router);
