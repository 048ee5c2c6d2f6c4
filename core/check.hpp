// The rules' entry points: the rows of preflight.check and the fix script.
#pragma once

#include "facts.hpp"
#include "options.hpp"
#include "row.hpp"

namespace preflight {

// One row per object, privilege and job step the job needs (JOBS.md).
Rows check(const Catalog& catalog, Job job, const JobOptions& options);

// Every fix of a missing row, deduplicated, in an order that runs as one script.
std::string fix_script(const Rows& rows);

bool ready(const Rows& rows);

// The job's steps, split by kind of job (rules_source.cpp, rules_destination.cpp).
class Needs;
void source_rules(Needs& n);
void destination_rules(Needs& n);

} // namespace preflight
