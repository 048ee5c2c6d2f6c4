// The compact per-object view of the rows: one line per table or sequence,
// one cell per kind of work, each the worst status of the rows behind it.
// A schema's rows count for every object in it: without USAGE on the
// schema, no table in it can be read, whatever the table's grants.
#pragma once

#include "../../core/row.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace preflight::client {

enum class Cell : std::uint8_t { NotNeeded, Ok, Warning, Missing }; // in order of severity

struct MatrixLine {
    std::string kind; // "table" or "sequence"
    std::string schema;
    std::string name;
    // One cell per Work of core's step table (steps.hpp).
    Cell read = Cell::NotNeeded;     // Work::Read: "read"
    Cell write = Cell::NotNeeded;    // Work::Write: "write", "upsert", "update foreign keys"
    Cell truncate = Cell::NotNeeded; // Work::Truncate: "truncate"
    Cell sequence = Cell::NotNeeded; // Work::Sequences: "read sequences", "reset sequences"
};

// Built from two passes over the rows (every object's own rows first, then
// the triggers and schemas that find them), holding one small entry per
// object and never a row: 100,000 tables stay a few megabytes.
class Matrix {
  public:
    void add_object_row(const Row& row); // first pass, every row
    void add_other_row(const Row& row);  // second pass, every row
    std::size_t size() const { return lines_.size(); }
    MatrixLine line(std::size_t i) const; // in the order objects first appeared

  private:
    struct Entry {
        std::uint32_t schema; // into schemas_
        bool sequence;
        Cell cells[4]; // read, write, truncate, sequence
        std::string name;
    };
    std::size_t find(std::uint32_t schema, std::string_view name) const; // npos if absent
    std::uint32_t schema_id(const std::string& name);
    void grow_index();

    std::vector<std::string> schemas_;
    std::unordered_map<std::string, std::uint32_t> schema_ids_;
    std::uint32_t last_schema_ = 0;
    std::vector<std::vector<std::uint32_t>> schema_lines_; // lines of each schema
    std::vector<Entry> lines_;
    std::vector<std::uint32_t> index_; // open addressing: line + 1, 0 when empty
};

// Lines in the order their objects first appear in the rows.
std::vector<MatrixLine> build_matrix(const Rows& rows);

const char* cell_text(Cell cell); // "-", "ok", "warn", "MISSING"

} // namespace preflight::client
