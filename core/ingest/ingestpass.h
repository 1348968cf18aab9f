// SPDX-License-Identifier: MIT
#pragma once

#include "ingeststats.h"

#include <QMetaType>
#include <QString>

// One ingest pass of LiveIngest: why it ran, what it read, how long it took, and what is watched after
// it. Every pass is reported, failed and cancelled ones too.
struct IngestPass
{
    enum class Trigger
    {
        Start, // the first pass, from start()
        Change, // a watched file or directory changed
        Poll, // the periodic pass (no change notification in the poll interval)
        Request // requestPass()
    };

    qint64 number = 0; // 1, 2, ... per start()
    Trigger trigger = Trigger::Start;
    // Whether the pass discovered every unit of every source; else it read only the units of the files
    // that notifications named (an append to a watched file).
    bool full = true;
    qint64 durationMs = 0; // the ingest itself, without the change feed and the watch refresh
    // CPU time of the process from the pass's start to its report (the worker's and the writer's, the
    // change feed and the watch refresh included).
    qint64 cpuMs = 0;
    IngestStats stats;
    qint64 repriced = 0; // stored requests re-priced with a new price book before the pass (first pass)
    bool cancelled = false; // cut short by stop()
    QString error; // empty unless the pass failed (the next pass retries)

    // The watch set after the pass.
    int watchedDirectories = 0;
    int watchedFiles = 0;
    // Polling every LiveIngest::Options::fallbackPollIntervalMs because watching is off or incomplete
    // (watch limit reached, inotify unavailable).
    bool pollingFallback = false;
    int pollIntervalMs = 0; // the periodic pass's interval now

    static QString triggerName(Trigger trigger)
    {
        switch (trigger) {
        case Trigger::Start:
            return QStringLiteral("start");
        case Trigger::Change:
            return QStringLiteral("change");
        case Trigger::Poll:
            return QStringLiteral("poll");
        case Trigger::Request:
            return QStringLiteral("request");
        }
        return QString();
    }
};
Q_DECLARE_METATYPE(IngestPass)
