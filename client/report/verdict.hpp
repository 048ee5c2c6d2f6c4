// The answer in one value: ready when no row is missing (warnings do not
// stop a job, they only say it may not do what you want).
#pragma once

#include "../../core/row.hpp"
#include "../common/exit_status.hpp"

#include <cstddef>

namespace preflight::client {

struct Verdict {
    bool ready = true;
    std::size_t ok = 0;
    std::size_t missing = 0;
    std::size_t warnings = 0;
};

// Counts one more row.
void count(Verdict& verdict, Status status);

Outcome outcome_of(const Verdict& verdict);

} // namespace preflight::client
