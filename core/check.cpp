#include "check.hpp"

#include "interrupts.hpp"
#include "need.hpp"

#include <algorithm>
#include <string_view>

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

void Catalog::link_sequence(TableFacts& t, Oid sequence) {
    if (std::find(t.sequences.begin(), t.sequences.end(), sequence) == t.sequences.end())
        t.sequences.push_back(sequence);
}

void Catalog::sort_table_sequences() {
    for (auto& [oid, t] : tables) {
        if (t.sequences.size() < 2)
            continue;
        std::sort(t.sequences.begin(), t.sequences.end(), [&](Oid a, Oid b) {
            const auto& qa = sequences.at(a);
            const auto& qb = sequences.at(b);
            return qa.schema_name != qb.schema_name ? qa.schema_name < qb.schema_name
                                                    : qa.name < qb.name;
        });
    }
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

namespace {

// Statements that others depend on run first: a role must exist with LOGIN
// before grants matter, schemas before what is in them, ownership changes
// before policies on the table they hand over.
int rank(std::string_view fix) {
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
        if (fix.substr(0, std::char_traits<char>::length(prefix)) == prefix)
            return i;
        ++i;
    }
    return i;
}

} // namespace

constexpr int kRanks = 13; // rank() returns 0 to 12

void FixScript::note(const Row& r) {
    check_interrupts();
    if (r.status != Status::Missing)
        return;
    if (!r.fix) {
        unfixable_.push_back(r.detail);
        return;
    }
    if (fixes_.insert(*r.fix).second)
        ranks_.push_back(static_cast<std::uint8_t>(rank(*r.fix)));
}

std::string FixScript::text() const {
    std::string out;
    for (const auto& d : unfixable_) {
        // A comment must not end early: fold every line break into the text.
        std::string line = d;
        std::replace(line.begin(), line.end(), '\n', ' ');
        std::replace(line.begin(), line.end(), '\r', ' ');
        out += "-- not fixable by a grant: " + line + "\n";
    }
    // By rank, and in the order first seen within a rank: a counting sort.
    std::vector<std::size_t> start(kRanks + 1, 0);
    for (std::uint8_t rank : ranks_)
        ++start[rank + 1];
    for (int k = 0; k < kRanks; ++k)
        start[k + 1] += start[k];
    std::vector<std::uint32_t> order(ranks_.size());
    for (std::uint32_t n = 0; n < ranks_.size(); ++n)
        order[start[ranks_[n]]++] = n;
    out.reserve(out.size() + fixes_.bytes() + fixes_.size());
    std::size_t written = 0;
    for (std::uint32_t n : order) {
        if (++written % 4096 == 0)
            check_interrupts(); // hundreds of thousands of fixes take a while
        out += fixes_.at(n);
        out += '\n';
    }
    return out;
}

std::string fix_script(const Rows& rows) {
    FixScript script;
    for (const auto& r : rows)
        script.note(r);
    return script.text();
}

} // namespace preflight
