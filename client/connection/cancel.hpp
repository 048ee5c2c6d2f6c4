// Ctrl-C (or SIGTERM, SIGHUP) while the check runs: ask the server to cancel
// the running query (PQcancel, safe in a signal handler) so it stops working
// for nobody, then let main exit with 130. A second signal exits at once.
// Guards may live on several threads at once, one per connection.
#pragma once

#include <libpq-fe.h>

namespace preflight::client {

class InterruptGuard {
  public:
    explicit InterruptGuard(PGconn* conn); // installs the SIGINT/SIGTERM/SIGHUP handler
    ~InterruptGuard();                     // restores the previous one
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // Ctrl-C was pressed while a guard was in place.
    static bool interrupted();

  private:
    int slot_ = -1; // where its connection's cancel handle is kept; -1: none free
};

} // namespace preflight::client
