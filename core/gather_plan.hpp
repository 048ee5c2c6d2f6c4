// Which facts a request needs: worked out once here from the job and its
// options, and read by both fact providers (extension/facts_*.cpp in the
// backend, client/preflight/catalog_facts.cpp over libpq). A provider may
// read more than its plan asks for, never less.
#pragma once

#include "options.hpp"
#include "privileges.hpp"

namespace preflight {

struct GatherPlan {
    bool details = true;    // columns, constraints, policies, triggers, sequences' links
    bool sequences = true;  // sequences of the selected schemas
    bool functions = false; // every function of the selected schemas
    bool types = false;     // user-defined types of the selected tables' columns
    bool languages = false; // plpgsql, for init's DO blocks
    // Constraints, domains, indexes, triggers and foreign-key owners: what
    // writing rows meets. A source job reads, so it skips them.
    bool write_details = true;
    // Nonzero: read a table's columns only when the role lacks these table
    // privileges (a source job: SELECT). Column grants matter only then,
    // and most roles that read a table hold SELECT on all of it.
    AclMode columns_unless_held = 0;
    // The functions generated columns call: only writing rows runs them.
    bool generation_functions = true;
};

// What check(), ready() and fix_script() read for `job`. every_column:
// also what the rules would skip (facts() compares everything).
GatherPlan check_plan(Job job, const JobOptions& options, bool every_column = false);

// What the access matrices read: no column details.
GatherPlan matrix_plan(bool sequences, bool functions);

} // namespace preflight
