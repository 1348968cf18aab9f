// SPDX-License-Identifier: MIT
#include "firstrunpage.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>
#include <QVBoxLayout>

FirstRunPage::FirstRunPage(const QStringList& rootsLookedIn, const QString& dataDir, QWidget* parent)
    : QWidget(parent)
    , m_demo(dataDir)
{
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    auto* title = new QLabel(tr("<h2>No agent logs found</h2>"), this);
    layout->addWidget(title);
    layout->addWidget(new QLabel(tr("AgentMeter looked in:"), this));
    m_roots = new QLabel(this);
    m_roots->setObjectName(QStringLiteral("rootsLookedIn"));
    m_roots->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_roots->setTextFormat(Qt::PlainText);
    layout->addWidget(m_roots);
    auto* explanation = new QLabel(tr("Point AgentMeter at the folders your agents write to, or look around "
                                      "with generated demo data. Demo data goes into a database of its "
                                      "own (%1) and is labelled as demo while it is shown.")
                                       .arg(m_demo.databasePath()),
        this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    auto* buttons = new QHBoxLayout;
    m_loadDemo = new QPushButton(tr("Load demo data"), this);
    m_loadDemo->setObjectName(QStringLiteral("loadDemo"));
    m_chooseFolders = new QPushButton(tr("Choose folders…"), this);
    m_chooseFolders->setObjectName(QStringLiteral("chooseFolders"));
    buttons->addWidget(m_loadDemo);
    buttons->addWidget(m_chooseFolders);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_progress = new QProgressBar(this);
    m_progress->hide();
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addStretch();
    connect(m_loadDemo, &QPushButton::clicked, this, &FirstRunPage::loadDemoData);
    connect(m_chooseFolders, &QPushButton::clicked, this, &FirstRunPage::chooseFoldersRequested);
    setRootsLookedIn(rootsLookedIn);
}

void FirstRunPage::setRootsLookedIn(const QStringList& roots)
{
    m_roots->setText(roots.join(QLatin1Char('\n')));
}

void FirstRunPage::loadDemoData()
{
    m_loadDemo->setEnabled(false);
    m_chooseFolders->setEnabled(false);
    m_progress->show();
    m_status->setText(tr("Generating demo logs…"));
    auto* watcher = new QFutureWatcher<DemoCorpus::Result>(this);
    connect(watcher, &QFutureWatcher<DemoCorpus::Result>::progressRangeChanged, m_progress,
        &QProgressBar::setRange);
    connect(watcher, &QFutureWatcher<DemoCorpus::Result>::progressValueChanged, m_progress,
        &QProgressBar::setValue);
    connect(watcher, &QFutureWatcher<DemoCorpus::Result>::finished, this, [this, watcher] {
        const DemoCorpus::Result result = watcher->result();
        watcher->deleteLater();
        m_progress->hide();
        m_loadDemo->setEnabled(true);
        m_chooseFolders->setEnabled(true);
        if (!result.error.isEmpty()) {
            m_status->setText(tr("Demo data could not be written: %1").arg(result.error));
            Q_EMIT demoDataFailed(result.error);
            return;
        }
        m_status->setText(tr("Demo data ready in %1").arg(result.databasePath));
        Q_EMIT demoDataAvailable(result);
    });
    const DemoCorpus demo = m_demo;
    watcher->setFuture(QtConcurrent::run([demo](QPromise<DemoCorpus::Result>& promise) {
        promise.addResult(demo.ensure(QDateTime::currentDateTimeUtc(), [&promise](int done, int total) {
            promise.setProgressRange(0, total);
            promise.setProgressValue(done);
        }));
    }));
}
