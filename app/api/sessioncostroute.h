// SPDX-License-Identifier: MIT
#pragma once

class ApiRouter;

// GET /api/session/<id>/cost: the session's cost by token bucket, model and agent, with the price
// book's rates and what the prompt cache saved.
void registerSessionCostRoute(ApiRouter& router);
