// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QtGlobal>

class QueryParams;

// monitor-rest-api.md pagination: page (1-based), per_page (default 50, capped at 200) and a route's
// `limit` on the total number of results. A page past the end is empty, not an error.
struct PageRequest
{
    static constexpr int kMaxPerPage = 200;

    int page = 1;
    int perPage = 50;
    qint64 limit = -1; // -1: no limit

    // Reads page, per_page and limit (with the route's defaults); errors go into params.
    static PageRequest read(QueryParams& params, int defaultLimit, int defaultPerPage = 50);

    qint64 offset() const { return qint64(page - 1) * perPage; }
    // The rows to fetch for this page, given the limit on the total (0 when past the limit).
    qint64 rowsToFetch() const;
    // The total the client sees: the matching rows, cut at the limit.
    qint64 cappedTotal(qint64 matching) const { return limit >= 0 ? qMin(matching, limit) : matching; }
    QJsonObject meta(qint64 total) const;
};
