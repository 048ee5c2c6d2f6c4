// Progress on stderr, only when the check runs long: a quick check prints
// nothing; a slow one says what it is doing after `delay`, then again every
// `interval`, so a person (or a CI log) knows it is not stuck.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace preflight::client {

class Progress {
  public:
    Progress(std::ostream& out, std::chrono::milliseconds delay,
             std::chrono::milliseconds interval);
    ~Progress(); // stop()
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void update(const std::string& message); // what is running now
    void stop();                             // the work is done: say nothing more

    std::function<void(const std::string&)> callback() {
        return [this](const std::string& m) { update(m); };
    }

  private:
    void run();

    std::ostream& out_;
    const std::chrono::milliseconds delay_;
    const std::chrono::milliseconds interval_;
    const std::chrono::steady_clock::time_point start_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string message_ = "checking";
    bool stopped_ = false;
    std::thread thread_;
};

} // namespace preflight::client
