// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/session/<id>/{summary,tokens,tools,files,agents,prompts}: a session's figures.
void registerSessionDetailRoutes(ApiRouter& router);
