// The preflight itself, over an open connection: with the extension it calls
// preflight.check; without it, it gathers the same facts with catalog
// queries and runs the same rules (core/). Either way: the same rows.
#pragma once

#include "../../core/facts.hpp"
#include "../../core/job_compare.hpp"
#include "../../core/options.hpp"
#include "../../core/row.hpp"
#include "../common/errors.hpp"
#include "../config/source.hpp"

#include <libpq-fe.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

struct PreflightRequest {
    Job job = Job::Source;
    std::optional<std::string> role; // nullopt: the session user
    std::optional<std::vector<std::string>> schemas;
    JobOptions options;
    Source source = Source::Auto;
    // What init_tables would create on the destination, known from the
    // job's source (schemas named, oids unset): checked by the create-tables
    // rule, on the catalog path (the extension's SQL takes no such list).
    InitFromSource init;
    // Called now and then while a long check runs (for progress on stderr).
    std::function<void(const std::string&)> progress;
};

struct PreflightResult {
    std::string role;                             // the role checked
    std::string used;                             // "extension" or "catalog"
    std::optional<std::string> extension_version; // installed SQL version, when present
    std::optional<std::string> library_version;   // preflight.version(), when present
    std::string version_note; // non-empty when client and extension versions differ
};

// Hands every row to sink as it arrives (the extension's rows one by one,
// the catalog path's as the rules find them); a RowCollector keeps them all.
// Throws ServerError when the server fails the check, RequestRefused when
// the rules refuse the request (the catalog path's unknown role); either may
// come after some rows were given: they are then no answer.
PreflightResult run_preflight(PGconn* conn, const PreflightRequest& request, RowSink& sink);

// The JSON text of the options object for preflight.check.
std::string options_json(Job job, const JobOptions& options);

} // namespace preflight::client
