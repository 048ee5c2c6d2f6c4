// Checks every end of a run, up to `jobs` at a time (a thread and one
// connection each), then writes one report in the run's format and returns
// the exit status over all of them.
#pragma once

#include "../common/redact.hpp"
#include "../config/environment.hpp"
#include "end.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

struct RunSettings {
    Format format = Format::Text;
    bool fix = false;
    std::optional<std::string> fix_dir;
    std::vector<std::string> files; // the job files read, for the JSON document
    int jobs = 8;                   // ends checked at once
};

int run_ends(std::vector<End>& ends, const RunSettings& run, const Environment& env,
             const Secrets& secrets);

} // namespace preflight::client
