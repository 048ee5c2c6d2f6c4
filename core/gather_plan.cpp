#include "gather_plan.hpp"

namespace preflight {

GatherPlan check_plan(Job job, const JobOptions& options, bool every_column) {
    GatherPlan p;
    const bool init = job == Job::Destination && options.init_tables;
    p.types = init;     // the seam for tables to create (facts.hpp: TableToCreate)
    p.languages = init; // init's DO blocks
    p.write_details = job == Job::Destination;
    if (job == Job::Source && !every_column) {
        p.columns_unless_held = priv::kSelect;
        p.generation_functions = false;
        p.sequences = options.read_sequences; // reading rows never touches a sequence
    }
    return p;
}

GatherPlan matrix_plan(bool sequences, bool functions) {
    GatherPlan p;
    p.details = false;
    p.sequences = sequences;
    p.functions = functions;
    return p;
}

} // namespace preflight
