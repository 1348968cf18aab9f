// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <QDir>
#include <QObject>
#include <QString>
#include <QTimer>

class MainWindow;
class QueryRunner;
class QWidget;
class StoreChanges;
struct IngestPass;

// `agentmeter window --screenshots DIR` (scripts/screenshots.sh): once the first ingest pass finished
// and the pages loaded what it stored, shows each page of the window in turn and saves the window as
// DIR/<page>.png. Reports once, through finished().
class Screenshotter : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString directory;
        int passTimeoutMs = 300000; // a first pass over a large corpus on a slow machine
        // After a page's queries ran: for their results to reach the widgets and be laid out.
        int settleMs = 400;
    };

    // The objects outlive this one.
    Screenshotter(MainWindow* window, StoreChanges* changes, QueryRunner* queries, const Options& options,
        QObject* parent = nullptr);

    // Creates the directory and waits for the first pass. Call before the event loop runs, so that the
    // pass cannot be missed.
    void start();

    // The file name of a page without ".png": its class name without "Page", in lower case
    // (DashboardPage: "dashboard"), so pages added later are photographed under their own name.
    static QString pageName(const QWidget* page);

Q_SIGNALS:
    void pageSaved(const QString& path);
    // Empty error: every page was saved.
    void finished(const QString& error);

private:
    void onPassFinished(const IngestPass& pass);
    // Waits for the queries in flight and then settleMs, rounds times (a query's result may start another,
    // e.g. the details of a selected row), then calls next.
    void settle(int rounds, const std::function<void()>& next);
    void capture(int page);
    void finish(const QString& error);

    MainWindow* m_window;
    StoreChanges* m_changes;
    QueryRunner* m_queries;
    Options m_options;
    QDir m_directory;
    QTimer m_passTimeout;
    bool m_started = false; // the first pass arrived
    bool m_done = false;
};
