// The destination job: the steps of JOBS.md in the order a job runs them.
#include "check.hpp"
#include "fk_cycles.hpp"
#include "need.hpp"
#include "quote.hpp"
#include "rls.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace preflight {

namespace {

constexpr const char* kWrite = "write";
constexpr const char* kUpsert = "upsert";
constexpr const char* kFixFks = "update foreign keys";
constexpr const char* kTruncate = "truncate";
constexpr const char* kReset = "reset sequences";

const TableFacts* table(const Catalog& cat, Oid oid) {
    auto it = cat.tables.find(oid);
    return it == cat.tables.end() ? nullptr : &it->second;
}

// The table and, for a partitioned table, every partition below it.
std::vector<const TableFacts*> with_partitions(const Catalog& cat, const TableFacts& t) {
    std::vector<const TableFacts*> out{&t};
    for (std::size_t i = 0; i < out.size(); ++i)
        for (Oid p : out[i]->partitions)
            if (const auto* pt = table(cat, p))
                out.push_back(pt);
    return out;
}

void schema_usage(Needs& n, const TableFacts& t, const char* step) {
    n.schema(t.schema, priv::kUsage, step, "name tables in schema", t.schema_name);
}

// What writing a row (INSERT or UPDATE) makes PostgreSQL check besides
// column privileges: CHECK and generation functions, the foreign-key checks
// run as the referenced owner, and triggers.
void row_checks(Needs& n, const TableFacts& t, const char* step, unsigned events, const char* verb,
                const std::vector<const ForeignKeyFacts*>& fks, const std::vector<int>& written) {
    const Catalog& cat = n.catalog();
    for (Oid f : t.check_funcs)
        n.function(f, step, "check a CHECK constraint of " + table_label(t));
    for (const auto& c : t.columns)
        for (Oid f : c.generation_funcs)
            n.function(f, step,
                       "compute generated column " + quote_ident(c.name) + " of " + table_label(t));
    // Every value written into a domain-typed column is checked against
    // the domain's constraints.
    for (int a : written)
        if (const auto* c = find_column(t, a))
            for (Oid f : c->domain_funcs)
                n.function(f, step,
                           "check the domain of column " + quote_ident(c->name) + " of " +
                               table_label(t));
    for (const auto* fk : fks)
        n.foreign_key_owner(t, *fk, step);
    n.triggers(t, events, step, verb);
    // A row routed to a partition meets that partition's own constraints and
    // triggers: which partition depends on the data, so these only warn.
    auto parts = with_partitions(cat, t);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        for (Oid f : parts[i]->check_funcs)
            n.function(f, step, "check a CHECK constraint of partition " + table_label(*parts[i]),
                       false);
        n.triggers(*parts[i], events, step, verb);
    }
}

std::vector<const ForeignKeyFacts*> all_fks(const TableFacts& t) {
    std::vector<const ForeignKeyFacts*> out;
    for (const auto& fk : t.foreign_keys)
        out.push_back(&fk);
    return out;
}

void write_step(Needs& n, const TableFacts& t) {
    schema_usage(n, t, kWrite);
    const std::vector<int> written = written_columns(t);
    n.columns(t, priv::kInsert, written, kWrite, "insert rows into " + table_label(t));
    row_checks(n, t, kWrite, trigger_event::kInsert, "INSERT", all_fks(t), written);
    rls_new_rows(n, t, 'a', PolicySide::Check, kWrite, "insert");
}

const std::vector<int>* conflict_key(const TableFacts& t) {
    if (!t.primary_key.empty())
        return &t.primary_key;
    if (!t.unique_keys.empty())
        return &t.unique_keys.front();
    return nullptr;
}

void upsert_step(Needs& n, const TableFacts& t) {
    const bool update = n.options().on_conflict == OnConflict::Update;
    schema_usage(n, t, kUpsert);
    const auto* key = conflict_key(t);
    const std::vector<int> written = written_columns(t);
    if (!key) {
        n.columns(t, priv::kInsert, written, kUpsert, "insert rows into " + table_label(t));
        n.warning(t, "INSERT", kUpsert,
                  "Table " + table_label(t) +
                      " has no primary key or unique constraint, so INSERT ... ON CONFLICT has "
                      "no key to match and fails (42P10).",
                  std::nullopt);
    } else {
        // The conflict target's columns are read (transformOnConflictArbiter
        // marks them for SELECT), for DO NOTHING too. DO UPDATE SET c =
        // EXCLUDED.c also needs UPDATE on c and SELECT on c.
        std::vector<int> set_cols;
        if (update)
            for (int a : written)
                if (std::find(key->begin(), key->end(), a) == key->end())
                    set_cols.push_back(a);
        // The statement asks for INSERT and UPDATE together (and SELECT).
        const AclMode asked =
            update ? priv::kInsert | priv::kUpdate | priv::kSelect : priv::kInsert | priv::kSelect;
        n.columns(t, priv::kInsert, written, kUpsert, "insert rows into " + table_label(t), asked);
        if (!set_cols.empty())
            n.columns(t, priv::kUpdate, set_cols, kUpsert,
                      "update conflicting rows of " + table_label(t), asked);
        std::vector<int> read_cols = *key;
        read_cols.insert(read_cols.end(), set_cols.begin(), set_cols.end());
        std::sort(read_cols.begin(), read_cols.end());
        n.columns(t, priv::kSelect, read_cols, kUpsert,
                  update ? "match the conflict key and read EXCLUDED values of " + table_label(t)
                         : "match the conflict key of " + table_label(t));
    }
    unsigned events = trigger_event::kInsert | (update ? trigger_event::kUpdate : 0u);
    row_checks(n, t, kUpsert, events, update ? "INSERT or UPDATE" : "INSERT", all_fks(t), written);
    rls_new_rows(n, t, 'a', PolicySide::Check, kUpsert, "insert");
    if (key) {
        // Reading the conflict key makes every new row pass the SELECT
        // policies too (rowsecurity.c adds them as WITH CHECK options).
        rls_new_rows(n, t, 'r', PolicySide::Using, kUpsert, "upsert");
        if (update)
            rls_update(n, t, kUpsert);
    }
}

void fix_foreign_keys_step(Needs& n, const TableFacts& t, const std::unordered_set<Oid>& cycle) {
    std::vector<const ForeignKeyFacts*> fks;
    std::vector<int> fk_cols;
    for (const auto& fk : t.foreign_keys) {
        if (!cycle.count(fk.referenced_table))
            continue;
        fks.push_back(&fk);
        for (int a : fk.columns)
            if (std::find(fk_cols.begin(), fk_cols.end(), a) == fk_cols.end())
                fk_cols.push_back(a);
    }
    if (fks.empty())
        return;
    std::sort(fk_cols.begin(), fk_cols.end());
    schema_usage(n, t, kFixFks);
    n.columns(t, priv::kUpdate, fk_cols, kFixFks,
              "set the foreign keys of " + table_label(t) + " after loading (circular references)");
    const std::vector<int> key = t.primary_key.empty() ? all_columns(t) : t.primary_key;
    n.columns(t, priv::kSelect, key, kFixFks, "find the rows to update in " + table_label(t));
    row_checks(n, t, kFixFks, trigger_event::kUpdate, "UPDATE", fks, fk_cols);
    rls_update(n, t, kFixFks);
}

// TRUNCATE "s"."t" RESTART IDENTITY [CASCADE], as ExecuteTruncate checks it.
void truncate_step(Needs& n, const TableFacts& t) {
    const Catalog& cat = n.catalog();
    schema_usage(n, t, kTruncate);
    n.table(t, priv::kTruncate, kTruncate, "truncate " + table_label(t));
    // Partitions are truncated with their parent; only the parent's
    // privilege is checked.
    std::vector<const TableFacts*> rels = with_partitions(cat, t);
    std::set<Oid> in_rels;
    for (const auto* r : rels)
        in_rels.insert(r->oid);
    if (n.options().truncate_cascade) {
        for (std::size_t i = 0; i < rels.size(); ++i) {
            for (Oid ref : rels[i]->referenced_by) {
                const auto* rt = table(cat, ref);
                if (!rt || !in_rels.insert(ref).second)
                    continue;
                rels.push_back(rt);
                n.table(*rt, priv::kTruncate, kTruncate,
                        "truncate it by cascade from " + table_label(t));
            }
        }
    } else {
        // Name the referencing tables a person knows: partitions carry
        // clones of their parent's foreign key, so name only the parent.
        std::string referencing;
        for (const auto* r : rels)
            for (Oid ref : r->referenced_by)
                if (const auto* rt = table(cat, ref);
                    rt && !in_rels.count(ref) && !rt->is_partition)
                    referencing += (referencing.empty() ? "" : ", ") + table_label(*rt);
        if (!referencing.empty())
            n.warning(t, "TRUNCATE", kTruncate,
                      "Table " + table_label(t) + " is referenced by " + referencing +
                          ", so TRUNCATE without CASCADE fails (0A000) before any privilege is "
                          "checked: the job needs \"truncate_cascade\": true.",
                      std::nullopt);
    }
    for (const auto* r : rels) {
        for (Oid q : r->sequences) {
            const auto& s = cat.sequences.at(q);
            if (s.owned_by_table == r->oid)
                n.sequence_owner(s, kTruncate,
                                 "restart it (TRUNCATE " + table_label(*r) + " RESTART IDENTITY)");
        }
        n.triggers(*r, trigger_event::kTruncate, kTruncate, "TRUNCATE");
    }
}

void reset_sequences_step(Needs& n, const TableFacts& t) {
    const Catalog& cat = n.catalog();
    for (Oid q : t.sequences) {
        const auto& s = cat.sequences.at(q);
        if (n.options().truncate) {
            n.schema(s.schema, priv::kUsage, kReset, "name sequences in schema", s.schema_name);
            n.sequence_owner(s, kReset, "run ALTER SEQUENCE ... RESTART on it");
        }
        if (s.owned_by_table != t.oid)
            continue; // pg_get_serial_sequence finds only sequences linked to a column
        const auto* col = find_column(t, s.owned_by_column);
        if (!col)
            continue;
        schema_usage(n, t, kReset);
        n.schema(s.schema, priv::kUsage, kReset, "name sequences in schema", s.schema_name);
        n.sequence(s, priv::kUpdate, kReset, "setval it to the loaded maximum");
        n.columns(t, priv::kSelect, {col->attnum}, kReset,
                  "read MAX(" + quote_ident(col->name) + ") of " + table_label(t));
        // SELECT MAX(c) reads through row-level security like any query.
        rls_read(n, t, kReset,
                 "MAX() may miss rows and setval may set the sequence below values in use");
    }
}

} // namespace

void destination_rules(Needs& n) {
    const Catalog& cat = n.catalog();
    const JobOptions& opt = n.options();
    if (opt.create_schemas)
        n.database(priv::kCreate, "create schemas",
                   "run CREATE SCHEMA IF NOT EXISTS (asked even when the schema exists)");
    for (const auto& s : cat.schemas) {
        if (!s.exists) {
            if (!opt.create_schemas)
                n.absent_schema(s, kWrite);
            continue;
        }
        if (opt.init_tables)
            n.schema(s.oid, priv::kCreate, "create tables", "create tables in schema", s.name);
    }
    if (opt.init_tables)
        for (const auto& [oid, ty] : cat.types)
            n.type(ty, "create tables");
    const auto tables = cat.ordered_tables();
    if (opt.truncate)
        for (const TableFacts* t : tables)
            truncate_step(n, *t);
    for (const auto& s : cat.schemas)
        if (s.exists)
            n.schema(s.oid, priv::kUsage, kWrite, "write the tables of schema", s.name);
    for (const TableFacts* t : tables)
        write_step(n, *t);
    if (opt.on_conflict != OnConflict::None)
        for (const TableFacts* t : tables)
            upsert_step(n, *t);
    if (opt.update_foreign_keys)
        for (const auto& cycle : foreign_key_cycles(cat)) {
            const std::unordered_set<Oid> members(cycle.begin(), cycle.end());
            for (Oid oid : cycle)
                fix_foreign_keys_step(n, cat.tables.at(oid), members);
        }
    if (opt.reset_sequences)
        for (const TableFacts* t : tables)
            reset_sequences_step(n, *t);
}

} // namespace preflight
