#include "steps.hpp"

#include "rules.hpp"

#include <iterator>

namespace preflight {

namespace {

using namespace job_bit;
constexpr unsigned kBoth = kSource | kDestination;

// In the order a job runs them; the rows come out in this order.
constexpr StepSpec kStepTable[] = {
    {Step::Connect, "connect", kBoth, nullptr, Work::None, &connect_step},
    {Step::Read, "read", kSource, nullptr, Work::Read, &read_step},
    {Step::ReadSequences, "read sequences", kSource, "read_sequences", Work::Sequences,
     &read_sequences_step},
    {Step::CreateSchemas, "create schemas", kDestination, "create_schemas", Work::None,
     &create_schemas_step},
    {Step::CreateTables, "create tables", kDestination, "init_tables", Work::None,
     &create_tables_step},
    {Step::Truncate, "truncate", kDestination, "truncate", Work::Truncate, &truncate_step},
    {Step::Write, "write", kDestination, nullptr, Work::Write, &write_step},
    {Step::Upsert, "upsert", kDestination, "on_conflict", Work::Write, &upsert_step},
    {Step::UpdateForeignKeys, "update foreign keys", kDestination, "update_foreign_keys",
     Work::Write, &update_foreign_keys_step},
    {Step::ResetSequences, "reset sequences", kDestination, "reset_sequences", Work::Sequences,
     &reset_sequences_step},
};

// step_spec() indexes the table by enumerator.
constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < std::size(kStepTable); ++i)
        if (static_cast<std::size_t>(kStepTable[i].step) != i)
            return false;
    return true;
}
static_assert(in_enum_order(), "kStepTable lists the steps in the order of enum Step");

} // namespace

const StepSpec* StepTable::begin() const {
    return std::begin(kStepTable);
}
const StepSpec* StepTable::end() const {
    return std::end(kStepTable);
}

StepTable steps() {
    return {};
}

const StepSpec& step_spec(Step step) {
    return kStepTable[static_cast<std::size_t>(step)];
}

const char* step_name(Step step) {
    return step_spec(step).name;
}

std::optional<Step> find_step(std::string_view name) {
    for (const auto& s : kStepTable)
        if (name == s.name)
            return s.step;
    return std::nullopt;
}

bool runs(const StepSpec& step, Job job, const JobOptions& options) {
    const unsigned bit = job == Job::Source ? kSource : kDestination;
    if (!(step.jobs & bit))
        return false;
    if (!step.option)
        return true;
    const OptionSpec* option = find_option(step.option);
    return option && option->get(options) != 0;
}

} // namespace preflight
