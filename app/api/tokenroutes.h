// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/tokens (token-tracker-report.md): the token tracker's report, cached for
// ServerConfig::tokensCacheSeconds; ?refresh=true recomputes it.
void registerTokenRoutes(ApiRouter& router);
