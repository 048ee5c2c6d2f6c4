// Facts from inside the backend: one pass over each catalog, under one
// snapshot, with PostgreSQL's own ACL decisions (see acl_mask.hpp).
#pragma once

#include "../core/facts.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::ext {

struct Request {
    Oid role = kInvalidOid;
    std::optional<std::vector<std::string>> schemas; // nullopt: every non-system schema
    Oid own_schema = kInvalidOid;                    // pg_preflight's schema: not a user schema
    bool details = true;    // columns, constraints, policies, triggers, sequences' links
    bool sequences = true;  // sequences of the selected schemas
    bool functions = false; // every function of the selected schemas
    bool types = false;     // user-defined types of the selected tables' columns
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

// Raises UserError for a role that does not exist.
Oid role_oid(const std::string& name);

Catalog gather(const Request& request);

} // namespace preflight::ext
