// SPDX-License-Identifier: MIT
#include "queryrunner.h"

QueryRunner::QueryRunner(QString databasePath, int threads, QObject* parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
{
    m_pool.setMaxThreadCount(threads);
    // Keep the threads, and with them their open connections, for the window's life.
    m_pool.setExpiryTimeout(-1);
}

QueryRunner::~QueryRunner()
{
    m_pool.waitForDone();
}

void QueryRunner::reportError(
    const QString& message, const QPointer<QObject>& receiver, const std::function<void(const QString&)>& failed)
{
    QMetaObject::invokeMethod(
        this,
        [this, message, receiver, failed] {
            Q_EMIT errorOccurred(message);
            if (receiver && failed)
                failed(message);
        },
        Qt::QueuedConnection);
}
