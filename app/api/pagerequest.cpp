// SPDX-License-Identifier: MIT
#include "pagerequest.h"

#include "queryparams.h"

PageRequest PageRequest::read(QueryParams& params, int defaultLimit, int defaultPerPage)
{
    PageRequest request;
    request.page = params.integer("page", 1, 1, 1000000);
    // Larger pages are capped, not refused: the seed documents 200 as the maximum.
    request.perPage = qMin(params.integer("per_page", defaultPerPage, 1, 1000000), kMaxPerPage);
    request.limit = params.integer("limit", defaultLimit, 1, 10000000);
    return request;
}

qint64 PageRequest::rowsToFetch() const
{
    if (limit < 0)
        return perPage;
    return qBound(qint64(0), limit - offset(), qint64(perPage));
}

QJsonObject PageRequest::meta(qint64 total) const
{
    return QJsonObject {
        { QStringLiteral("page"), page },
        { QStringLiteral("per_page"), perPage },
        { QStringLiteral("total"), total },
        { QStringLiteral("total_pages"), total == 0 ? 0 : (total + perPage - 1) / perPage },
    };
}
