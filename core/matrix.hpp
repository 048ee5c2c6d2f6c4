// The DBA matrices: one row per object, a flag per privilege, how held.
#pragma once

#include "facts.hpp"

#include <string>
#include <vector>

namespace preflight {

struct AccessRow {
    std::string schema_name;
    std::string object_name;
    std::vector<bool> held;  // in the order of the bits asked for
    std::string via;         // "SELECT: direct; INSERT: member of app" or one via for all
    bool rls_limits = false; // tables only
};

// `bits` in column order; OWNER is asked for with owner = true.
AccessRow access_row(const RoleFacts& role, const std::string& schema, const std::string& name,
                     const Privileges& p, const std::vector<AclMode>& bits, bool owner);

} // namespace preflight
