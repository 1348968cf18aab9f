// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"
#include "ingest/ingestpass.h"

#include <QObject>

// The window's one subscription point for "the store changed": the live ingest's notices are relayed
// through it on the GUI thread, so pages and models do not depend on who produced them (live ingest in
// the app, a test that writes rows itself).
class StoreChanges : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

public Q_SLOTS:
    void publish(const ChangeNotice& notice) { Q_EMIT changesAvailable(notice); }
    void publishPass(const IngestPass& pass) { Q_EMIT passFinished(pass); }

Q_SIGNALS:
    void changesAvailable(const ChangeNotice& notice);
    void passFinished(const IngestPass& pass);
};
