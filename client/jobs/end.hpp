// One target of a run over many: a connection of a job (a source or a
// destination), what its database holds, and how its check went.
#pragma once

#include "../config/config.hpp"
#include "../preflight/shape.hpp"
#include "../report/targets.hpp"

#include <optional>
#include <string>

namespace preflight::client {

struct End {
    TargetReport target;    // job, file, label, end, outcome, error, seconds
    std::size_t source = 0; // the index of its job's source in the run's ends
    Config config;
    std::string output;         // its report: text, JSON document or fix script
    std::optional<Shape> shape; // what its database holds (read before its check)
    std::string session_user;
    bool compare = true; // a destination: compared with its source's shape
};

// The worst of the ends decides: interrupted, then a failed connection,
// then not ready.
Outcome overall(const std::vector<End>& ends);

} // namespace preflight::client
