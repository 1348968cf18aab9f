// SPDX-License-Identifier: MIT
#include "storewriterthread.h"

#include "heapreserve.h"
#include "pricing/pricebook.h"

#include <cstdlib>
#include <pthread.h>
#include <vector>

StoreWriterThread::StoreWriterThread(const QString& databasePath, std::shared_ptr<const PriceBook> prices,
    StoreWriter::Role role, int maxPending)
    : m_maxPending(maxPending)
{
    m_thread = std::thread(&StoreWriterThread::run, this, databasePath, std::move(prices), role);
    // Wait for the database to open so that an unusable path fails here, with its message.
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_ready; });
    if (m_error) {
        lock.unlock();
        m_thread.join();
        std::rethrow_exception(m_error);
    }
}

StoreWriterThread::~StoreWriterThread()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void StoreWriterThread::reserveArena()
{
    // glibc gives this thread its own malloc arena and grows it by exactly what each allocation lacks,
    // one mprotect() per step of a few pages: a warm run over 23,000 Codex rollouts made 4,980 of them,
    // a cold 100 MB one 2,644 (407 either way with this). It never protects again what it opened once,
    // and a free() only returns the pages (MADV_DONTNEED), so opening the first 32 MiB here at once
    // makes those calls go away without keeping any memory.
    // Not in a process that keeps what it frees (HeapReserve): there the engine populates this thread's
    // arena ahead of the work (HeapReserve::grow through the writer's queue), which opens it as well,
    // and the 341 blocks below took 5.5 ms of a warm Codex run (their headers' page faults) while the
    // command waited for the store to open; the run made 92 mprotect calls without them, 377 with.
    if (HeapReserve::keepsFreedMemory())
        return;
    constexpr size_t kBlock = 96 * 1024; // below malloc's mmap threshold, so it comes from the arena
    std::vector<void*> blocks;
    blocks.reserve(size_t(32 << 20) / kBlock);
    for (size_t i = 0; i < blocks.capacity(); ++i)
        blocks.push_back(std::malloc(kBlock));
    for (void* block : blocks)
        std::free(block);
}

void StoreWriterThread::run(
    QString databasePath, std::shared_ptr<const PriceBook> prices, StoreWriter::Role role)
{
    pthread_setname_np(pthread_self(), "am-writer"); // visible in top, perf and gdb
    reserveArena();
    std::unique_ptr<StoreWriter> writer;
    try {
        writer = std::make_unique<StoreWriter>(databasePath, std::move(prices), role);
    } catch (...) {
        std::lock_guard lock(m_mutex);
        m_error = std::current_exception();
        m_ready = true;
        m_changed.notify_all();
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_ready = true;
    }
    m_changed.notify_all();
    for (;;) {
        Task task;
        std::function<bool(StoreWriter&)> idleWork;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(
                lock, [this] { return m_stopping || !m_queue.empty() || (m_idleWork && !m_error); });
            if (m_queue.empty()) {
                if (m_stopping)
                    return;
                // Copied, so that endIdleWork() can clear it while a call runs; only this thread
                // clears it, so no call follows the one that does.
                idleWork = m_idleWork;
            } else {
                task = std::move(m_queue.front());
                m_queue.pop_front();
                ++m_busy;
            }
        }
        if (idleWork) {
            bool more = false;
            try {
                more = idleWork(*writer);
            } catch (...) {
                std::lock_guard lock(m_mutex);
                m_error = std::current_exception();
            }
            if (!more) {
                std::lock_guard lock(m_mutex);
                m_idleWork = nullptr;
            }
            m_changed.notify_all(); // a submit() waiting for room sees the error
            continue;
        }
        m_changed.notify_all();
        std::exception_ptr failed;
        {
            std::lock_guard lock(m_mutex);
            failed = m_error;
        }
        if (failed) {
            if (task.skip)
                task.skip(failed);
        } else {
            try {
                task.run(*writer);
            } catch (...) {
                std::lock_guard lock(m_mutex);
                m_error = std::current_exception();
            }
        }
        {
            std::lock_guard lock(m_mutex);
            --m_busy;
        }
        m_changed.notify_all();
    }
}

void StoreWriterThread::rethrowIfFailed()
{
    std::exception_ptr error;
    {
        std::lock_guard lock(m_mutex);
        error = m_error;
    }
    if (error)
        std::rethrow_exception(error);
}

void StoreWriterThread::enqueue(Task task, bool bounded)
{
    {
        std::unique_lock lock(m_mutex);
        if (bounded)
            m_changed.wait(lock, [this] { return int(m_queue.size()) < m_maxPending || m_error; });
        if (m_error) {
            const std::exception_ptr error = m_error;
            lock.unlock();
            if (task.skip)
                task.skip(error);
            std::rethrow_exception(error);
        }
        m_queue.push_back(std::move(task));
    }
    m_changed.notify_all();
}

IngestBatch StoreWriterThread::submit(IngestBatch&& batch)
{
    // Batches are emptied here, on the submitting thread, not on the writer: the records share strings
    // (a model, a thread id) whose reference counts the parser raises, and lowering them on the writer
    // moved their cache lines between the cores (the writer paid more than the parser saved; see
    // performance.md, Codex, "Session 26").
    std::vector<std::shared_ptr<IngestBatch>> applied;
    {
        std::lock_guard lock(m_mutex);
        applied.swap(m_applied);
    }
    IngestBatch next;
    if (!applied.empty()) {
        // The writer dropped its reference when it moved the batch here: this is the last one.
        IngestBatch& reused = *applied.back();
        reused.clearForReuse();
        next = std::move(reused);
    } else {
        next.reserveLike(batch);
    }
    applied.clear();
    auto shared = std::make_shared<IngestBatch>(std::move(batch));
    enqueue(Task { [this, shared](StoreWriter& writer) mutable {
                      const StoreWriter::Counts counts = writer.apply(*shared);
                      std::lock_guard lock(m_mutex);
                      m_counts += counts;
                      m_applied.push_back(std::move(shared));
                  },
                {} },
        true);
    return next;
}

void StoreWriterThread::setIdleWork(std::function<bool(StoreWriter&)> work)
{
    {
        std::lock_guard lock(m_mutex);
        m_idleWork = std::move(work);
    }
    m_changed.notify_all();
}

StoreWriter::Counts StoreWriterThread::finish()
{
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return (m_queue.empty() && m_busy == 0) || m_error; });
    }
    rethrowIfFailed();
    std::lock_guard lock(m_mutex);
    const StoreWriter::Counts counts = m_counts;
    m_counts = {};
    m_applied.clear();
    return counts;
}
