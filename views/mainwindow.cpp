// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "activitypage.h"
#include "dashboardpage.h"
#include "sessionspage.h"
#include "settings/appsettings.h"
#include "storechanges.h"
#include "tracespage.h"

#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(const PageContext& context, QWidget* parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setWindowTitle(tr("AgentMeter"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; padding: 6px; }"));
    m_banner->hide();
    layout->addWidget(m_banner);
    m_tabs = new QTabWidget(central);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(new DashboardPage(context, m_tabs), tr("Dashboard"));
    m_tabs->addTab(new SessionsPage(context, m_tabs), tr("Sessions"));
    m_tabs->addTab(new TracesPage(context, m_tabs), tr("Traces"));
    m_tabs->addTab(new ActivityPage(context, m_tabs), tr("Activity"));
    layout->addWidget(m_tabs);
    setCentralWidget(central);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Settings…"), this, &MainWindow::settingsRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &MainWindow::quitRequested);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int index = 0; index < PageCount; ++index)
        view->addAction(m_tabs->tabText(index), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)), this,
            [this, index] { showPage(Page(index)); });

    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status);
    if (context.changes) {
        connect(context.changes, &StoreChanges::passFinished, this, [this](const IngestPass& pass) {
            const QString now = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
            if (!pass.error.isEmpty()) {
                m_status->setText(tr("Ingest failed at %1: %2").arg(now, pass.error));
                return;
            }
            // Most passes find nothing new: the last one that did stays in view.
            if (pass.stats.filesRead > 0 || pass.stats.usageInserted > 0)
                m_lastNews = tr("last new data at %1: %2 files read, %3 new requests")
                                 .arg(now)
                                 .arg(pass.stats.filesRead)
                                 .arg(pass.stats.usageInserted);
            m_status->setText(m_lastNews.isEmpty() ? tr("Watching the logs, checked at %1").arg(now)
                                                   : tr("Watching the logs, checked at %1 · %2").arg(now, m_lastNews));
        });
    }
    resize(1280, 820);
}

void MainWindow::showPage(Page page)
{
    m_tabs->setCurrentIndex(page);
}

QWidget* MainWindow::page(Page page) const
{
    return m_tabs->widget(page);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_trayIconShown && m_context.settings && m_context.settings->closeToTray()) {
        hide();
        event->ignore();
        return;
    }
    // Without a tray nothing would be left to reopen the window from: closing it quits.
    QMainWindow::closeEvent(event);
    Q_EMIT quitRequested();
}

void MainWindow::setBanner(const QString& text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}
