#include "matrix.hpp"

#include <algorithm>
#include <map>

namespace preflight::client {

namespace {

using Column = Cell MatrixLine::*;

// The column a job step belongs to, or nullptr for steps about no table
// (connect, create schemas, create tables).
Column column_of(const std::string& step) {
    if (step == "read")
        return &MatrixLine::read;
    if (step == "write" || step == "upsert" || step == "update foreign keys")
        return &MatrixLine::write;
    if (step == "truncate")
        return &MatrixLine::truncate;
    if (step == "read sequences" || step == "reset sequences")
        return &MatrixLine::sequence;
    return nullptr;
}

Cell cell_of(Status s) {
    switch (s) {
    case Status::Ok:
        return Cell::Ok;
    case Status::Warning:
        return Cell::Warning;
    case Status::Missing:
        return Cell::Missing;
    }
    return Cell::Ok;
}

void worsen(Cell& cell, Cell with) {
    cell = std::max(cell, with);
}

using Key = std::pair<std::string, std::string>; // schema, name

} // namespace

const char* cell_text(Cell cell) {
    switch (cell) {
    case Cell::NotNeeded:
        return "-";
    case Cell::Ok:
        return "ok";
    case Cell::Warning:
        return "warn";
    case Cell::Missing:
        return "MISSING";
    }
    return "-";
}

std::vector<MatrixLine> build_matrix(const Rows& rows) {
    std::vector<MatrixLine> lines;
    std::map<Key, std::size_t> index; // a table and a sequence never share a schema and name
    auto line_for = [&](const Row& r) -> MatrixLine& {
        auto [it, added] = index.emplace(Key{*r.schema_name, r.object_name}, lines.size());
        if (added)
            lines.push_back(MatrixLine{r.object_type == "sequence" ? "sequence" : "table",
                                       *r.schema_name, r.object_name});
        return lines[it->second];
    };
    auto is_object = [](const Row& r) {
        return r.object_type == "table" || r.object_type == "column" || r.object_type == "sequence";
    };
    // The objects' own rows first; triggers and schemas then find them.
    for (const auto& r : rows)
        if (const Column column = column_of(r.needed_for); column && r.schema_name && is_object(r))
            worsen(line_for(r).*column, cell_of(r.status));
    for (const auto& r : rows) {
        const Column column = column_of(r.needed_for);
        if (!column || !r.schema_name)
            continue;
        if (r.object_type == "trigger") {
            // "table.trigger": the table is the longest known name before a dot.
            MatrixLine* table = nullptr;
            for (auto& l : lines)
                if (l.kind == "table" && l.schema == *r.schema_name &&
                    r.object_name.size() > l.name.size() &&
                    r.object_name.compare(0, l.name.size(), l.name) == 0 &&
                    r.object_name[l.name.size()] == '.' &&
                    (!table || l.name.size() > table->name.size()))
                    table = &l;
            if (table)
                worsen(table->*column, cell_of(r.status));
        } else if (r.object_type == "schema") {
            // Only work the object needs: a table without sequences keeps "-".
            for (auto& l : lines)
                if (l.schema == *r.schema_name && l.*column != Cell::NotNeeded)
                    worsen(l.*column, cell_of(r.status));
        }
    }
    return lines;
}

} // namespace preflight::client
