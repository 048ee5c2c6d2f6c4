#include "progress.hpp"

#include "sanitize.hpp"

#include <csignal>
#include <pthread.h>

namespace preflight::client {

Progress::Progress(std::ostream& out, std::chrono::milliseconds delay,
                   std::chrono::milliseconds interval)
    : out_(out), delay_(delay), interval_(interval), start_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

Progress::~Progress() {
    stop();
}

void Progress::update(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    message_ = strip_controls(message);
}

void Progress::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopped_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void Progress::run() {
    // Ctrl-C belongs to the main thread, whose handler cancels the query.
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, nullptr);

    std::unique_lock<std::mutex> lock(mutex_);
    auto next = start_ + delay_;
    while (!wake_.wait_until(lock, next, [this] { return stopped_; })) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::steady_clock::now() - start_)
                                 .count();
        out_ << "pg_preflight: " << message_ << " (" << seconds << " s)..." << std::endl;
        next += interval_;
    }
}

} // namespace preflight::client
