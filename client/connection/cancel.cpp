#include "cancel.hpp"

#include <atomic>
#include <csignal>
#include <mutex>
#include <unistd.h>

namespace preflight::client {

namespace {

// Only lock-free atomics and async-signal-safe calls in the handler. One
// slot per connection checking at once (a job file checks its ends side by
// side); the handler cancels them all.
constexpr int kSlots = 64;
std::atomic<PGcancel*> g_cancel[kSlots];
volatile std::sig_atomic_t g_interrupted = 0;
// Guards come and go on several threads: the handler is installed by the
// first and restored by the last.
std::mutex g_mutex;
int g_guards = 0;
// SIGTERM and SIGHUP (a CI job's timeout, a closed terminal) stop the run
// the same way: the server's query is cancelled, not left running.
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3]{};

extern "C" void on_sigint(int) {
    if (g_interrupted)
        _exit(130);
    g_interrupted = 1;
    for (auto& slot : g_cancel)
        if (PGcancel* c = slot.load()) {
            char error[256];
            PQcancel(c, error, sizeof error); // a failed cancel still ends the run: ignore it
        }
}

} // namespace

InterruptGuard::InterruptGuard(PGconn* conn) {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (int i = 0; i < kSlots && slot_ < 0; ++i)
        if (!g_cancel[i].load()) {
            g_cancel[i].store(PQgetCancel(conn));
            slot_ = i;
        }
    if (g_guards++ > 0)
        return;
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; // libpq waits on; the server ends the query
    for (int i = 0; i < 3; ++i)
        sigaction(kSignals[i], &sa, &g_previous[i]);
}

InterruptGuard::~InterruptGuard() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (--g_guards == 0)
        for (int i = 0; i < 3; ++i)
            sigaction(kSignals[i], &g_previous[i], nullptr);
    if (slot_ >= 0)
        if (PGcancel* c = g_cancel[slot_].exchange(nullptr))
            PQfreeCancel(c);
}

bool InterruptGuard::interrupted() {
    return g_interrupted != 0;
}

} // namespace preflight::client
