// preflight.table_access in one pass over pg_class: each table's privileges
// from one ACL pass, and tables with the same ACL, owner and held bits share
// one explained row (most tables of a schema do), so no per-table facts,
// maps or strings are built.
#pragma once

#include "facts.hpp"
#include "pg.hpp"

#include "../core/matrix.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace preflight::ext {

struct TableAccessEntry {
    std::uint32_t schema; // index into TableAccessMatrix::schema_names
    std::uint32_t access; // index into TableAccessMatrix::accesses
    bool rls_limits;      // row-level security applies to the role
    NameData name;
};

struct TableAccessMatrix {
    std::vector<std::string> schema_names; // in name order
    std::vector<AccessRow> accesses;       // held flags and via, shared
    std::vector<TableAccessEntry> tables;  // in (schema, name) order
};

// The bits table_access shows, in column order.
const std::vector<AclMode>& table_access_bits();

TableAccessMatrix table_access_matrix(const Request& request);

} // namespace preflight::ext
