// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

struct ChangeNotice;
struct IngestPass;

// The /api/events payloads for what live ingest reports, one frame per notice and topic so that a pass
// over a big archive is a few frames, not millions (lists are capped by the notice; counts are true).
// Field names follow the monitor API (snake_case; times ISO 8601 UTC).
namespace ChangeEvents {

// topic "usage": new and updated requests, and the errors and retries agents recorded.
// Empty when the notice has none.
QJsonObject usage(const ChangeNotice& notice);
// topic "session": sessions created or with new activity, with their totals after the change.
QJsonObject sessions(const ChangeNotice& notice);
// topic "ingest": one pass of live ingest.
QJsonObject pass(const IngestPass& pass);
// topic "alert": a problem worth a human's attention (a failed pass, lines skipped as malformed,
// unreadable files, watching that fell back to polling). Empty when the pass had none.
QJsonObject passAlert(const IngestPass& pass);

} // namespace ChangeEvents
