#include "gather_plan.hpp"

namespace preflight {

GatherPlan check_plan(Job job, const JobOptions& options, bool every_column) {
    GatherPlan p;
    p.types = job == Job::Destination && options.init_tables; // create tables: USAGE on types
    p.write_details = job == Job::Destination;
    if (job == Job::Source && !every_column) {
        p.columns_unless_held = priv::kSelect;
        p.generation_functions = false;
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
