#include "run_ends.hpp"

#include "../../core/job_compare.hpp"
#include "../common/errors.hpp"
#include "../connection/cancel.hpp"
#include "../connection/connection.hpp"
#include "../connection/server_name.hpp"
#include "../report/error_line.hpp"
#include "../report/github_report.hpp"
#include "../report/html_report.hpp"
#include "../report/junit_report.hpp"
#include "../report/sanitize.hpp"
#include "../run_check.hpp"
#include "writers.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace preflight::client {

namespace {

using Clock = std::chrono::steady_clock;

// What the end's database holds, on the session its check then uses: one
// connection per target (far servers pay for every handshake).
Connection read_end(End& e, const Secrets& secrets) {
    ConnParams params = e.config.connection.params;
    if (e.config.connection.server_name)
        apply_server_name(params, *e.config.connection.server_name);
    Connection conn = Connection::open(params, secrets);
    e.session_user = PQuser(conn.get());
    e.shape = read_shape(conn.get(), e.config.check.schemas);
    return conn;
}

void guarded(End& e, const Secrets& secrets, const std::function<void()>& step) {
    try {
        step();
    } catch (const ClientError& err) {
        e.target.outcome = err.outcome();
        e.target.error = error_line(err.what(), err.hint(), secrets);
    } catch (const std::exception& err) {
        e.target.outcome = Outcome::ConnectionFailed;
        e.target.error = error_line(std::string("the check failed: ") + err.what(), "", secrets);
    }
}

// Which ends are running and since when, for the progress line.
class Board {
  public:
    explicit Board(std::size_t n) : started_(n), state_(n, 0) {}
    void start(std::size_t i) {
        std::lock_guard lock(m_);
        started_[i] = Clock::now();
        state_[i] = 1;
    }
    void finish(std::size_t i) {
        std::lock_guard lock(m_);
        state_[i] = 2;
        ++done_;
    }
    void shaped(std::size_t i) {
        {
            std::lock_guard lock(m_);
            shaped_.push_back(i);
        }
        cv_.notify_all();
    }
    // Waits until end `i` has read its shape (or failed to).
    void wait_shape(std::size_t i) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] {
            for (std::size_t s : shaped_)
                if (s == i)
                    return true;
            return false;
        });
    }
    // "checked 3 of 20 connections; slowest running: ... (12 s)".
    std::string line(const std::vector<End>& ends) {
        std::lock_guard lock(m_);
        std::size_t slowest = state_.size();
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i] == 1 && (slowest == state_.size() || started_[i] < started_[slowest]))
                slowest = i;
        std::string out = "pg_preflight: checked " + std::to_string(done_) + " of " +
                          std::to_string(state_.size()) + " connections";
        if (slowest < state_.size()) {
            const auto s =
                std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_[slowest]);
            out += "; slowest running: " + strip_controls(ends[slowest].target.label) + " (" +
                   std::to_string(s.count()) + " s)";
        }
        return out;
    }
    bool all_done() {
        std::lock_guard lock(m_);
        return done_ == state_.size();
    }

  private:
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<Clock::time_point> started_;
    std::vector<int> state_; // 0 waiting, 1 running, 2 done
    std::vector<std::size_t> shaped_;
    std::size_t done_ = 0;
};

// One end, start to end: its shape, then (a destination, once its source's
// shape is in) the comparison and its check.
void check_end(std::vector<End>& ends, std::size_t i, Board& board, const Environment& env,
               const Secrets& secrets) {
    End& e = ends[i];
    const auto t0 = Clock::now();
    std::optional<Connection> conn;
    guarded(e, secrets, [&] { conn.emplace(read_end(e, secrets)); });
    board.shaped(i);
    if (e.target.error.empty()) {
        guarded(e, secrets, [&] {
            FromSource from;
            if (e.config.check.job == Job::Destination && e.compare && e.source != i) {
                board.wait_shape(e.source);
                const End& source = ends[e.source];
                if (source.shape) {
                    from.rows = compare_shapes(*source.shape, *e.shape, e.config.check.options,
                                               e.config.check.role.value_or(e.session_user));
                    if (e.config.check.options.init_tables)
                        from.init = init_from_source(*source.shape, *e.shape);
                }
            }
            std::ostringstream out;
            const CheckRun run = run_check(e.config, env, secrets, out, false, from, &*conn);
            e.target.outcome = run.outcome;
            e.output = out.str();
        });
    }
    e.target.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
}

// Per-target reports parsed back from each end's JSON, for the formats
// that speak of all targets at once.
std::vector<TargetReport> targets_of(std::vector<End>& ends) {
    std::vector<TargetReport> out;
    out.reserve(ends.size());
    for (auto& e : ends) {
        TargetReport t = e.target;
        if (t.error.empty()) {
            t.report = nlohmann::ordered_json::parse(e.output, nullptr, false);
            e.output.clear(); // not held twice
        }
        out.push_back(std::move(t));
    }
    return out;
}

void print_seconds(std::ostream& out, double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", s);
    out << buf;
}

} // namespace

int run_ends(std::vector<End>& ends, const RunSettings& run, const Environment& env,
             const Secrets& secrets) {
    Board board(ends.size());
    // Sources come before their destinations in `ends`, and workers take
    // ends in order: a destination waits only for a source already taken,
    // so no worker waits on one that none is running.
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next++) < ends.size();) {
            board.start(i);
            if (InterruptGuard::interrupted()) {
                ends[i].target.outcome = Outcome::Interrupted;
                ends[i].target.error = "not checked: interrupted";
                board.shaped(i);
            } else {
                check_end(ends, i, board, env, secrets);
            }
            board.finish(i);
        }
    };
    const std::size_t n =
        std::min<std::size_t>(ends.size(), static_cast<std::size_t>(std::max(run.jobs, 1)));
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < n; ++k)
        threads.emplace_back(worker);

    // A progress line on a terminal only; nothing on a pipe.
    if (::isatty(STDERR_FILENO) != 0 && ends.size() > 1) {
        while (!board.all_done()) {
            std::cerr << "\r\x1b[K" << board.line(ends) << std::flush;
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        std::cerr << "\r\x1b[K" << std::flush;
    }
    for (auto& t : threads)
        t.join();
    if (InterruptGuard::interrupted())
        for (auto& e : ends) {
            e.target.outcome = Outcome::Interrupted;
            if (e.output.empty() && e.target.error.empty())
                e.target.error = "not checked: interrupted";
        }

    if (run.fix_dir)
        write_fix_files(*run.fix_dir, ends);
    else if (run.fix)
        write_fix(std::cout, ends);
    else if (run.format == Format::Json)
        write_json_document(std::cout, run.files, ends);
    else if (run.format == Format::Text)
        write_text(std::cout, ends, run.files.size());
    else {
        const Outcome all = overall(ends);
        const std::vector<TargetReport> targets = targets_of(ends);
        if (run.format == Format::Junit)
            write_junit(std::cout, targets);
        else if (run.format == Format::Github)
            write_github(std::cout, targets);
        else
            write_html(std::cout, targets);
        std::cout.flush();
        return exit_status(all);
    }
    std::cout.flush();
    if (run.format == Format::Text && !run.fix)
        // A line per target on stderr: what a CI log shows when stdout is a file.
        for (const auto& e : ends) {
            std::cerr << "pg_preflight: " << outcome_word(e.target.outcome) << "  "
                      << strip_controls(e.target.label) << " (";
            print_seconds(std::cerr, e.target.seconds);
            std::cerr << " s)\n";
        }
    return exit_status(overall(ends));
}

} // namespace preflight::client
