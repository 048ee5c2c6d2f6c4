// One connection's check, start to end (run_check.cpp).
#pragma once

#include "../core/facts.hpp"
#include "../core/job_compare.hpp"
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
// check. to_terminal: `out` is standard output (colour when it is a tty,
// progress on stderr while a long check runs); false for the checks of a
// job file, which run side by side.
// What a job's source tells about its destination: rows found by comparing
// the two ends (reported after the check's own), and what init_tables
// would create (checked by the create-tables rule).
struct FromSource {
    Rows rows;
    InitFromSource init;
};
// `connected`: a session to this end already open (a job file's, which read
// its shape first), used instead of a new one.
class Connection;
CheckRun run_check(Config& config, const Environment& env, const Secrets& secrets,
                   std::ostream& out, bool to_terminal, const FromSource& source = {},
                   Connection* connected = nullptr);

} // namespace preflight::client
