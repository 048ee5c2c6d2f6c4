#include "check.hpp"

#include "interrupts.hpp"
#include "rules.hpp"
#include "steps.hpp"

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
    RowBuilder n(catalog, job, options, out);
    for (const StepSpec& step : steps())
        if (runs(step, job, options))
            step.rule(n);
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

FixOrder fix_order_of(std::string_view fix) {
    // The first statement of each fix as the rules write it, by order.
    static const std::pair<const char*, FixOrder> prefixes[] = {
        {"ALTER ROLE", FixOrder::Role},
        {"GRANT CONNECT", FixOrder::Connect},
        {"GRANT CREATE ON DATABASE", FixOrder::CreateOnDatabase},
        {"GRANT TEMPORARY", FixOrder::Temporary},
        {"CREATE SCHEMA", FixOrder::CreateSchema},
        {"GRANT USAGE ON SCHEMA", FixOrder::SchemaUsage},
        {"GRANT CREATE ON SCHEMA", FixOrder::SchemaCreate},
        {"CREATE EXTENSION", FixOrder::CreateObject},
        {"CREATE TYPE", FixOrder::CreateObject},
        {"CREATE DOMAIN", FixOrder::CreateObject},
        {"CREATE TABLE", FixOrder::CreateObject},
        {"ALTER TABLE", FixOrder::TableOwner},
        {"ALTER SEQUENCE", FixOrder::SequenceOwner},
        {"GRANT USAGE ON TYPE", FixOrder::TypeUsage},
        {"GRANT", FixOrder::Grant},
        {"CREATE POLICY", FixOrder::Policy},
    };
    for (const auto& [prefix, order] : prefixes)
        if (fix.substr(0, std::char_traits<char>::length(prefix)) == prefix)
            return order;
    return FixOrder::Other;
}

void FixScript::note(const Row& r) {
    check_interrupts();
    if (r.status != Status::Missing)
        return;
    if (!r.fix) {
        unfixable_.push_back(r.detail);
        return;
    }
    if (fixes_.insert(*r.fix).second)
        orders_.push_back(
            static_cast<std::uint8_t>(r.fix_order ? *r.fix_order : fix_order_of(*r.fix)));
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
    // By FixOrder, and in the order first seen within one: a counting sort.
    std::vector<std::size_t> start(kFixOrders + 1, 0);
    for (std::uint8_t o : orders_)
        ++start[o + 1];
    for (int k = 0; k < kFixOrders; ++k)
        start[k + 1] += start[k];
    std::vector<std::uint32_t> order(orders_.size());
    for (std::uint32_t n = 0; n < orders_.size(); ++n)
        order[start[orders_[n]]++] = n;
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
