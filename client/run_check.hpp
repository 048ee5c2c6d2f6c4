// One connection's check, start to end (run_check.cpp).
#pragma once

#include "../core/row.hpp"
#include "common/exit_status.hpp"
#include "common/redact.hpp"
#include "config/config.hpp"
#include "config/environment.hpp"

#include <ostream>
#include <string>

namespace preflight::client {

struct CheckRun {
    Outcome outcome;  // Ready, NotReady or Interrupted
    std::string role; // the role checked
};

// Connects, checks and writes the report (text, JSON or the fix script) to
// `out`. Throws ClientError when it cannot connect or the server fails the
// check. to_terminal: `out` is standard output (colour when it is a tty).
// `extra`: rows found outside the check (a job's two ends compared),
// reported after its own.
CheckRun run_check(Config& config, const Environment& env, const Secrets& secrets,
                   std::ostream& out, bool to_terminal, const Rows& extra = {});

} // namespace preflight::client
