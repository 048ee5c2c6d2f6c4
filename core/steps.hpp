// The job's steps (JOBS.md), one table: the name a row's needed_for gives,
// the jobs that run it, the option that turns it on, what it does to the
// tables (the client's matrix groups steps by that), and its rule. check()
// runs the steps of a job in the table's order.
//
// Adding a step: an enumerator, a line of the table (steps.cpp), and its
// rule in the rules file of its job.
#pragma once

#include "options.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace preflight {

enum class Step : std::uint8_t {
    Connect,
    Read,
    ReadSequences,
    CreateSchemas,
    CreateTables,
    Truncate,
    Write,
    Upsert,
    UpdateForeignKeys,
    ResetSequences,
};

// What a step does to the tables it touches.
enum class Work : std::uint8_t { None, Read, Write, Truncate, Sequences };

namespace job_bit {
constexpr unsigned kSource = 1u << 0;
constexpr unsigned kDestination = 1u << 1;
} // namespace job_bit

class RowBuilder;

struct StepSpec {
    Step step;
    const char* name;   // needed_for
    unsigned jobs;      // job_bit::...
    const char* option; // the key of the option that turns it on; nullptr: it always runs
    Work work;
    void (*rule)(RowBuilder&); // rules_*.cpp
};

// Every step, in the order a job runs them.
struct StepTable {
    const StepSpec* begin() const;
    const StepSpec* end() const;
};
StepTable steps();

const StepSpec& step_spec(Step step);
const char* step_name(Step step);
// The step a needed_for names; nullopt for none.
std::optional<Step> find_step(std::string_view name);

// Whether `job` with `options` runs the step: its job, and its option on.
bool runs(const StepSpec& step, Job job, const JobOptions& options);

} // namespace preflight
