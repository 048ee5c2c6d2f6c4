#include "matrix.hpp"

#include "../../core/steps.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace preflight::client {

namespace {

// The cell a job step belongs to (by what core's step table says it does
// to tables), or -1 for steps about no table (connect, create schemas,
// create tables) and names no step has.
int column_of(const std::string& needed_for) {
    const std::optional<Step> step = find_step(needed_for);
    if (!step)
        return -1;
    switch (step_spec(*step).work) {
    case Work::Read:
        return 0;
    case Work::Write:
        return 1;
    case Work::Truncate:
        return 2;
    case Work::Sequences:
        return 3;
    case Work::None:
        break;
    }
    return -1;
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

bool is_object(const Row& r) {
    return r.object_type == "table" || r.object_type == "column" || r.object_type == "sequence";
}

std::size_t hash_of(std::uint32_t schema, std::string_view name) {
    return std::hash<std::string_view>{}(name)*31 + schema;
}

constexpr std::size_t npos = static_cast<std::size_t>(-1);

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

std::uint32_t Matrix::schema_id(const std::string& name) {
    if (!schemas_.empty() && schemas_[last_schema_] == name) // rows come schema by schema
        return last_schema_;
    auto [it, added] = schema_ids_.emplace(name, static_cast<std::uint32_t>(schemas_.size()));
    if (added) {
        schemas_.push_back(name);
        schema_lines_.emplace_back();
    }
    return last_schema_ = it->second;
}

std::size_t Matrix::find(std::uint32_t schema, std::string_view name) const {
    if (index_.empty())
        return npos;
    const std::size_t mask = index_.size() - 1;
    for (std::size_t slot = hash_of(schema, name) & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t at = index_[slot];
        if (at == 0)
            return npos;
        const Entry& e = lines_[at - 1];
        if (e.schema == schema && e.name == name)
            return at - 1;
    }
}

void Matrix::grow_index() {
    index_.assign(std::max<std::size_t>(64, index_.size() * 2), 0);
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
        std::size_t slot = hash_of(lines_[i].schema, lines_[i].name) & mask;
        while (index_[slot] != 0)
            slot = (slot + 1) & mask;
        index_[slot] = static_cast<std::uint32_t>(i + 1);
    }
}

void Matrix::add_object_row(const Row& r) {
    const int column = column_of(r.needed_for);
    if (column < 0 || !r.schema_name || !is_object(r))
        return;
    // A table and a sequence never share a schema and name: one line each.
    const std::uint32_t schema = schema_id(*r.schema_name);
    std::size_t line = find(schema, r.object_name);
    if (line == npos) {
        line = lines_.size();
        lines_.push_back(Entry{schema, r.object_type == "sequence", {}, r.object_name});
        schema_lines_[schema].push_back(static_cast<std::uint32_t>(line));
        if ((lines_.size()) * 2 > index_.size())
            grow_index(); // also places the new line
        else {
            const std::size_t mask = index_.size() - 1;
            std::size_t slot = hash_of(schema, r.object_name) & mask;
            while (index_[slot] != 0)
                slot = (slot + 1) & mask;
            index_[slot] = static_cast<std::uint32_t>(line + 1);
        }
    }
    worsen(lines_[line].cells[column], cell_of(r.status));
}

void Matrix::add_other_row(const Row& r) {
    const int column = column_of(r.needed_for);
    if (column < 0 || !r.schema_name)
        return;
    if (r.object_type == "trigger") {
        // "table.trigger": the table is the longest known name before a dot.
        const std::uint32_t schema = schema_id(*r.schema_name);
        std::size_t table = npos;
        for (std::size_t dot = r.object_name.find('.'); dot != std::string::npos;
             dot = r.object_name.find('.', dot + 1)) {
            const std::size_t at = find(schema, std::string_view(r.object_name).substr(0, dot));
            if (at != npos && !lines_[at].sequence)
                table = at;
        }
        if (table != npos)
            worsen(lines_[table].cells[column], cell_of(r.status));
    } else if (r.object_type == "schema") {
        // Only work the object needs: a table without sequences keeps "-".
        for (std::uint32_t at : schema_lines_[schema_id(*r.schema_name)])
            if (lines_[at].cells[column] != Cell::NotNeeded)
                worsen(lines_[at].cells[column], cell_of(r.status));
    }
}

MatrixLine Matrix::line(std::size_t i) const {
    const Entry& e = lines_[i];
    return MatrixLine{e.sequence ? "sequence" : "table",
                      schemas_[e.schema],
                      e.name,
                      e.cells[0],
                      e.cells[1],
                      e.cells[2],
                      e.cells[3]};
}

std::vector<MatrixLine> build_matrix(const Rows& rows) {
    Matrix m;
    for (const auto& r : rows)
        m.add_object_row(r);
    for (const auto& r : rows)
        m.add_other_row(r);
    std::vector<MatrixLine> lines;
    for (std::size_t i = 0; i < m.size(); ++i)
        lines.push_back(m.line(i));
    return lines;
}

} // namespace preflight::client
