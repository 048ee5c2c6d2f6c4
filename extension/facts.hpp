// Facts from inside the backend: one pass over each catalog, under one
// snapshot, with PostgreSQL's own ACL decisions (see acl_mask.hpp).
#pragma once

#include "../core/facts.hpp"
#include "../core/gather_plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::ext {

// What to read (the plan core/ made for the request), and for whom.
struct Request : GatherPlan {
    Oid role = kInvalidOid;
    std::optional<std::vector<std::string>> schemas; // nullopt: every non-system schema
    Oid own_schema = kInvalidOid;                    // pg_preflight's schema: not a user schema
};

// Raises UserError for a role that does not exist.
Oid role_oid(const std::string& name);

Catalog gather(const Request& request);

} // namespace preflight::ext
