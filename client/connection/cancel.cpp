#include "cancel.hpp"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace preflight::client {

namespace {

// Only lock-free atomics and async-signal-safe calls in the handler.
std::atomic<PGcancel*> g_cancel{nullptr};
volatile std::sig_atomic_t g_interrupted = 0;
// SIGTERM and SIGHUP (a CI job's timeout, a closed terminal) stop the run
// the same way: the server's query is cancelled, not left running.
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3]{};

extern "C" void on_sigint(int) {
    if (g_interrupted)
        _exit(130);
    g_interrupted = 1;
    if (PGcancel* c = g_cancel.load()) {
        char error[256];
        PQcancel(c, error, sizeof error); // a failed cancel still ends the run: ignore it
    }
}

} // namespace

InterruptGuard::InterruptGuard(PGconn* conn) {
    g_cancel.store(PQgetCancel(conn));
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; // libpq waits on; the server ends the query
    for (int i = 0; i < 3; ++i)
        sigaction(kSignals[i], &sa, &g_previous[i]);
}

InterruptGuard::~InterruptGuard() {
    for (int i = 0; i < 3; ++i)
        sigaction(kSignals[i], &g_previous[i], nullptr);
    if (PGcancel* c = g_cancel.exchange(nullptr))
        PQfreeCancel(c);
}

bool InterruptGuard::interrupted() {
    return g_interrupted != 0;
}

} // namespace preflight::client
