// SPDX-License-Identifier: MIT
#pragma once

#include "activityitem.h"

#include <QList>
#include <QMetaType>

// Activity items for the window's feed (ActivityFeed): what a query read, or what one change notice
// adds to a feed that was read before, so the feed extends live without reading again.
struct ActivitySnapshot
{
    QList<ActivityItem> items; // newest first
    // Items shown before whose numbers changed (a request replaced by a better copy under the same rid).
    QList<ActivityItem> updated;
    // Set when more changed than the lists say (every request was re-priced): read the feed again.
    bool historyChanged = false;
};
Q_DECLARE_METATYPE(ActivitySnapshot)
