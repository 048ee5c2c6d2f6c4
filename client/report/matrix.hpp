// The compact per-object view of the rows: one line per table or sequence,
// one cell per kind of work, each the worst status of the rows behind it.
// A schema's rows count for every object in it: without USAGE on the
// schema, no table in it can be read, whatever the table's grants.
#pragma once

#include "../../core/row.hpp"

#include <string>
#include <vector>

namespace preflight::client {

enum class Cell { NotNeeded, Ok, Warning, Missing }; // in order of severity

struct MatrixLine {
    std::string kind; // "table" or "sequence"
    std::string schema;
    std::string name;
    Cell read = Cell::NotNeeded;     // step "read"
    Cell write = Cell::NotNeeded;    // "write", "upsert", "update foreign keys"
    Cell truncate = Cell::NotNeeded; // "truncate"
    Cell sequence = Cell::NotNeeded; // "read sequences", "reset sequences"
};

// Lines in the order their objects first appear in the rows.
std::vector<MatrixLine> build_matrix(const Rows& rows);

const char* cell_text(Cell cell); // "-", "ok", "warn", "MISSING"

} // namespace preflight::client
