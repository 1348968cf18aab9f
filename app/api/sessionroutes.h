// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/sessions (a page of sessions, most recently active first) and /api/sessions/search.
void registerSessionRoutes(ApiRouter& router);
