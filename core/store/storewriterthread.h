// SPDX-License-Identifier: MIT
#pragma once

#include "storewriter.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

// Runs a StoreWriter on its own thread (architecture.md §3: one writer connection, owned by one
// thread). Parsers hand over batches with submit(); the queue is bounded so a fast parser waits for
// the database instead of growing memory. An exception on the writer thread is rethrown to the
// caller by the next submit(), call() or finish().
class StoreWriterThread
{
public:
    StoreWriterThread(const QString& databasePath, std::shared_ptr<const PriceBook> prices,
        StoreWriter::Role role = StoreWriter::Role::Server, int maxPending = 2);
    ~StoreWriterThread();
    StoreWriterThread(const StoreWriterThread&) = delete;
    StoreWriterThread& operator=(const StoreWriterThread&) = delete;

    // Queues batch and returns an empty batch to fill next: one the writer has applied, cleared with
    // its vectors' room kept, or a new one when none is free yet.
    IngestBatch submit(IngestBatch&& batch);

    // Runs fn(writer) on the writer thread and returns its result. Rethrows what fn throws, or the error
    // of an earlier batch (then fn does not run).
    template <typename F> auto call(F&& fn) -> decltype(fn(std::declval<StoreWriter&>()))
    {
        return callAsync(std::forward<F>(fn)).get();
    }
    // The same without waiting: the caller works on while the writer thread runs fn, and takes the
    // result (or the exception) from the future.
    template <typename F> auto callAsync(F&& fn) -> std::future<decltype(fn(std::declval<StoreWriter&>()))>
    {
        using R = decltype(fn(std::declval<StoreWriter&>()));
        auto promise = std::make_shared<std::promise<R>>();
        std::future<R> result = promise->get_future();
        enqueue(Task { [promise, fn = std::forward<F>(fn)](StoreWriter& writer) mutable {
                          try {
                              if constexpr (std::is_void_v<R>) {
                                  fn(writer);
                                  promise->set_value();
                              } else {
                                  promise->set_value(fn(writer));
                              }
                          } catch (...) {
                              promise->set_exception(std::current_exception());
                          }
                      },
                    [promise](std::exception_ptr error) { promise->set_exception(error); } },
            false);
        return result;
    }

    // Waits until every submitted batch is applied and returns the summed counts. Any idle work must have
    // been ended first.
    StoreWriter::Counts finish();

    // Work for the writer thread while nothing is queued (IngestEngine reads log files on it then, see
    // BackReader): work(writer) is called again and again, each call short, as long as the queue is
    // empty, until it returns false or endIdleWork() ends it. Queued batches and calls go first. An
    // exception it throws fails the writer like a failed batch. It must not submit() or call().
    void setIdleWork(std::function<bool(StoreWriter&)> work);
    // Ends the idle work and runs fn(writer) on the writer thread, as call() does. fn runs after the work's
    // last call has returned and no call follows it, so what the work refers to may go once this returns.
    template <typename F> auto endIdleWork(F&& fn) -> decltype(fn(std::declval<StoreWriter&>()))
    {
        return call([this, fn = std::forward<F>(fn)](StoreWriter& writer) mutable {
            {
                std::lock_guard lock(m_mutex);
                m_idleWork = nullptr;
            }
            return fn(writer);
        });
    }

private:
    struct Task
    {
        std::function<void(StoreWriter&)> run;
        // Called instead of run when an earlier task failed, so that nobody waits for it forever.
        std::function<void(std::exception_ptr)> skip;
    };
    void enqueue(Task task, bool bounded);
    void run(QString databasePath, std::shared_ptr<const PriceBook> prices, StoreWriter::Role role);
    static void reserveArena();
    void rethrowIfFailed();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Task> m_queue;
    int m_maxPending;
    int m_busy = 0;
    bool m_stopping = false;
    bool m_ready = false;
    std::exception_ptr m_error;
    std::function<bool(StoreWriter&)> m_idleWork; // set by setIdleWork(), cleared on the writer thread
    StoreWriter::Counts m_counts;
    std::vector<std::shared_ptr<IngestBatch>> m_applied; // to be reused or freed by the next submit()
    std::thread m_thread;
};
