#include "check.hpp"

#include "interrupts.hpp"
#include "need.hpp"

#include <algorithm>
#include <set>

namespace preflight {

const char* status_name(Status s) {
    switch (s) {
    case Status::Ok:
        return "ok";
    case Status::Missing:
        return "missing";
    case Status::Warning:
        return "warning";
    }
    return "unknown";
}

void Catalog::index_schemas() {
    schema_index_.clear();
    for (std::size_t i = 0; i < schemas.size(); ++i)
        if (schemas[i].exists)
            schema_index_[schemas[i].oid] = i;
}

const SchemaFacts* Catalog::schema(Oid oid) const {
    if (!schema_index_.empty()) {
        auto it = schema_index_.find(oid);
        if (it != schema_index_.end() && it->second < schemas.size())
            return &schemas[it->second];
    } else {
        for (const auto& s : schemas)
            if (s.oid == oid && s.exists)
                return &s;
    }
    auto it = other_schemas.find(oid);
    return it == other_schemas.end() ? nullptr : &it->second;
}

std::vector<const TableFacts*> Catalog::ordered_tables() const {
    std::vector<const TableFacts*> out;
    out.reserve(table_order.size());
    for (Oid oid : table_order)
        if (auto it = tables.find(oid); it != tables.end())
            out.push_back(&it->second);
    return out;
}

void check(const Catalog& catalog, Job job, const JobOptions& options, RowSink& out) {
    Needs n(catalog, job, options, out);
    n.connect();
    if (job == Job::Source)
        source_rules(n);
    else
        destination_rules(n);
}

Rows check(const Catalog& catalog, Job job, const JobOptions& options) {
    RowCollector all;
    check(catalog, job, options, all);
    return std::move(all.rows);
}

bool ready(const Rows& rows) {
    return std::none_of(rows.begin(), rows.end(),
                        [](const Row& r) { return r.status == Status::Missing; });
}

void ReadySink::add(Row&& row) {
    if (row.status == Status::Missing)
        ready = false;
}

void MissingCollector::add(Row&& row) {
    if (row.status == Status::Missing)
        rows.push_back(std::move(row));
}

namespace {

// Statements that others depend on run first: a role must exist with LOGIN
// before grants matter, schemas before what is in them, ownership changes
// before policies on the table they hand over.
int rank(const std::string& fix) {
    static const char* const order[] = {
        "ALTER ROLE",
        "GRANT CONNECT",
        "GRANT CREATE ON DATABASE",
        "GRANT TEMPORARY",
        "CREATE SCHEMA",
        "GRANT USAGE ON SCHEMA",
        "GRANT CREATE ON SCHEMA",
        "ALTER TABLE",
        "ALTER SEQUENCE",
        "GRANT USAGE ON TYPE",
        "GRANT",
        "CREATE POLICY",
    };
    int i = 0;
    for (const char* prefix : order) {
        if (fix.rfind(prefix, 0) == 0)
            return i;
        ++i;
    }
    return i;
}

} // namespace

std::string fix_script(const Rows& rows) {
    std::vector<std::string> fixes;
    std::set<std::string> seen;
    std::vector<std::string> unfixable;
    for (const auto& r : rows) {
        check_interrupts();
        if (r.status != Status::Missing)
            continue;
        if (!r.fix) {
            unfixable.push_back(r.detail);
            continue;
        }
        if (seen.insert(*r.fix).second)
            fixes.push_back(*r.fix);
    }
    std::stable_sort(fixes.begin(), fixes.end(), [](const std::string& a, const std::string& b) {
        check_interrupts(); // sorting 100,000s of fixes takes long
        return rank(a) < rank(b);
    });
    std::string out;
    for (const auto& d : unfixable) {
        // A comment must not end early: fold every line break into the text.
        std::string line = d;
        std::replace(line.begin(), line.end(), '\n', ' ');
        std::replace(line.begin(), line.end(), '\r', ' ');
        out += "-- not fixable by a grant: " + line + "\n";
    }
    for (const auto& f : fixes)
        out += f + "\n";
    return out;
}

} // namespace preflight
