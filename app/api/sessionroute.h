// SPDX-License-Identifier: MIT
#pragma once

#include "apirouter.h"

#include <functional>

class SessionScope;

// What every /api/session/<id>/<what> route shares: the parameters source, include_children (and
// limit where a route lists events), 400 for a bad one before anything is looked up, then 404 for an
// unknown id.
struct SessionRouteOptions
{
    // include_children's default: true where a route sums (a parent's figures include the work it
    // delegated), false where it lists the session's own events.
    bool childrenByDefault = true;
    bool takesChildren = true;
    int defaultLimit = 0; // > 0: the route reads limit (1..kMaxLimit)
    static constexpr int kMaxLimit = 100000;
};

struct SessionRouteRequest
{
    ApiContext& context;
    const SessionScope& scope;
    int limit = 0;
};

using SessionHandler = std::function<ApiResponse(const SessionRouteRequest&)>;

void addSessionRoute(ApiRouter& router, const char* what, SessionRouteOptions options, SessionHandler handler,
    ApiRouter::Exec exec = ApiRouter::Exec::Pool);
