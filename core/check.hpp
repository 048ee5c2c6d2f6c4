// The rules' entry points: the rows of preflight.check and the fix script.
#pragma once

#include "facts.hpp"
#include "options.hpp"
#include "row.hpp"

namespace preflight {

// One row per object, privilege and job step the job needs (JOBS.md),
// sent to `out` as they are found, or all returned at once.
void check(const Catalog& catalog, Job job, const JobOptions& options, RowSink& out);
Rows check(const Catalog& catalog, Job job, const JobOptions& options);

// Every fix of a missing row, deduplicated, in an order that runs as one script.
std::string fix_script(const Rows& rows);

bool ready(const Rows& rows);

// ready() without keeping the rows.
class ReadySink final : public RowSink {
  public:
    void add(Row&& row) override;
    bool ready = true;
};

// Keeps the missing rows only: all fix_script() reads.
class MissingCollector final : public RowSink {
  public:
    void add(Row&& row) override;
    Rows rows;
};

// The job's steps, split by kind of job (rules_source.cpp, rules_destination.cpp).
class Needs;
void source_rules(Needs& n);
void destination_rules(Needs& n);

} // namespace preflight
