// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/session/<id>/{timeline,messages,operations}: what happened in a session, in order.
void registerSessionEventRoutes(ApiRouter& router);
