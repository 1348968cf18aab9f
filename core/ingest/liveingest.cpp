// SPDX-License-Identifier: MIT
#include "liveingest.h"

#include "liveingestworker.h"

#include <QThread>

LiveIngest::LiveIngest(const SourceSet::Config& sources, const QString& databasePath,
    std::shared_ptr<const PriceBook> prices, const QByteArray& priceFingerprint, const Options& options,
    QObject* parent)
    : QObject(parent)
    , m_sources(sources)
    , m_databasePath(databasePath)
    , m_prices(std::move(prices))
    , m_priceFingerprint(priceFingerprint)
    , m_options(options)
{
    // Both cross threads in queued signals.
    qRegisterMetaType<ChangeNotice>();
    qRegisterMetaType<IngestPass>();
}

LiveIngest::LiveIngest(const SourceSet::Config& sources, const QString& databasePath,
    std::shared_ptr<const PriceBook> prices, const QByteArray& priceFingerprint, QObject* parent)
    : LiveIngest(sources, databasePath, std::move(prices), priceFingerprint, Options(), parent)
{ }

LiveIngest::~LiveIngest()
{
    stop();
}

void LiveIngest::start()
{
    if (m_thread)
        return;
    m_stop = false;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("am-live")); // the thread's name in top, perf and gdb
    m_worker = new LiveIngestWorker(
        { m_sources, m_databasePath, m_prices, m_priceFingerprint, m_options }, m_stop);
    m_worker->moveToThread(m_thread);
    // Re-emitted from this object: queued to its thread.
    connect(m_worker, &LiveIngestWorker::passFinished, this, &LiveIngest::passFinished);
    connect(m_worker, &LiveIngestWorker::changesAvailable, this, &LiveIngest::changesAvailable);
    connect(m_worker, &LiveIngestWorker::errorOccurred, this, &LiveIngest::errorOccurred);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &LiveIngestWorker::start, Qt::QueuedConnection);
}

void LiveIngest::stop()
{
    if (!m_thread)
        return;
    // The flag reaches a pass in progress; the worker's event loop takes the shutdown once it returns.
    m_stop = true;
    QMetaObject::invokeMethod(m_worker, &LiveIngestWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    // The thread has finished: nothing of the worker runs any more.
    delete m_worker;
    m_worker = nullptr;
    delete m_thread;
    m_thread = nullptr;
}

void LiveIngest::requestPass()
{
    // Through this object's thread, which alone starts and stops the worker: callable from any thread
    // (an API handler's), and a no-op once stopped.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_worker)
                QMetaObject::invokeMethod(m_worker, &LiveIngestWorker::requestPass, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}
