// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// Routes of token-tracker-report.md: /api/tokens.
void registerTokenRoutes(ApiRouter& router);
