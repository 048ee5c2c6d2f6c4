// pg_preflight --job-file FILE... [--job NAME] [--jobs N] (job_run.cpp).
#pragma once

#include "common/redact.hpp"
#include "config/environment.hpp"
#include "config/config.hpp"
#include "config/raw_options.hpp"

namespace preflight::client {

// Checks every end of the file's jobs (or of the job `cl.job` names) and
// returns the exit status over all of them. Throws ConfigError, before any
// connection, for a bad file or a flag that belongs in it.
int run_job_file(const RawOptions& cl, const Environment& env, Secrets& secrets);

// --neosync-config FILE: the file's destination, with the command line's
// connection (and --role) as the source; --schema applies to both.
int run_neosync_config(const RawOptions& cl, const Environment& env, Secrets& secrets);

// One connection from the command line in a format that speaks of many
// targets at once (junit, github, html): checked as a run of one.
int run_connection_report(Config config, const Environment& env, const Secrets& secrets);

// --jobs N takes at most this many (the cancel slots of connection/cancel.cpp).
inline constexpr int kMaxJobs = 64;

} // namespace preflight::client
