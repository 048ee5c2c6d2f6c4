// Circular foreign-key references among the selected tables: a sync loads
// such tables with the keys unset, then fixes them with UPDATEs.
#pragma once

#include "facts.hpp"

#include <vector>

namespace preflight {

// The strongly connected groups of the foreign-key graph over the in-scope
// tables that contain a cycle (more than one table, or a self-reference),
// each in table_order, the groups in the order of their first table.
std::vector<std::vector<Oid>> foreign_key_cycles(const Catalog& catalog);

} // namespace preflight
