// SPDX-License-Identifier: MIT
#include "screenshotter.h"

#include "mainwindow.h"
#include "storechanges.h"
#include "store/queryrunner.h"

#include <QPixmap>

Screenshotter::Screenshotter(MainWindow* window, StoreChanges* changes, QueryRunner* queries,
    const Options& options, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_changes(changes)
    , m_queries(queries)
    , m_options(options)
    , m_directory(options.directory)
{
    m_passTimeout.setSingleShot(true);
    m_passTimeout.setInterval(m_options.passTimeoutMs);
    connect(&m_passTimeout, &QTimer::timeout, this, [this] {
        finish(tr("no ingest pass finished within %n seconds", nullptr, m_options.passTimeoutMs / 1000));
    });
}

void Screenshotter::start()
{
    // File I/O on the GUI thread is acceptable here: in this mode nobody uses the window, and it quits
    // after the last page.
    if (!m_directory.mkpath(QStringLiteral("."))) {
        // Queued, so that finished() arrives in the event loop like every other outcome.
        QTimer::singleShot(0, this, [this] { finish(tr("cannot create %1").arg(m_directory.path())); });
        return;
    }
    connect(m_changes, &StoreChanges::passFinished, this, &Screenshotter::onPassFinished);
    m_passTimeout.start();
}

QString Screenshotter::pageName(const QWidget* page)
{
    QString name = QString::fromLatin1(page->metaObject()->className());
    if (name.endsWith(QLatin1String("Page")))
        name.chop(4);
    return name.toLower();
}

void Screenshotter::onPassFinished(const IngestPass& pass)
{
    if (m_started || m_done)
        return;
    m_started = true;
    m_passTimeout.stop();
    if (!pass.error.isEmpty()) {
        finish(tr("the first ingest pass failed: %1").arg(pass.error));
        return;
    }
    capture(0);
}

void Screenshotter::settle(int rounds, const std::function<void()>& next)
{
    if (m_queries)
        m_queries->waitForDone(); // their results are queued to this thread, so this cannot deadlock
    QTimer::singleShot(m_options.settleMs, this, [this, rounds, next] {
        if (rounds > 1)
            settle(rounds - 1, next);
        else
            next();
    });
}

void Screenshotter::capture(int page)
{
    if (page == MainWindow::PageCount) {
        finish({});
        return;
    }
    m_window->showPage(MainWindow::Page(page));
    settle(2, [this, page] {
        const QString path
            = m_directory.filePath(pageName(m_window->page(MainWindow::Page(page))) + QLatin1String(".png"));
        const QPixmap shot = m_window->grab();
        if (shot.isNull() || !shot.save(path, "PNG")) {
            finish(tr("cannot save %1").arg(path));
            return;
        }
        Q_EMIT pageSaved(path);
        capture(page + 1);
    });
}

void Screenshotter::finish(const QString& error)
{
    if (m_done)
        return;
    m_done = true;
    m_passTimeout.stop();
    Q_EMIT finished(error);
}
