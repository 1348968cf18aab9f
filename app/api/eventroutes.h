// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/events (Server-Sent Events for scripts: topics usage, session, alert, ingest; Last-Event-ID
// resume) and GET /api/openapi.json (the OpenAPI 3 document of every route).
void registerEventRoutes(ApiRouter& router);
