// The destination job (JOBS.md): one rule per step, in the order a job runs them.
#include "fk_cycles.hpp"
#include "quote.hpp"
#include "rls.hpp"
#include "rules.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace preflight {

namespace {

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

// The foreign-key check that runs as the referenced table's owner.
void foreign_key_owner(RowBuilder& n, const TableFacts& t, const ForeignKeyFacts& fk, Step step) {
    const Catalog& cat = n.catalog();
    auto ref = cat.tables.find(fk.referenced_table);
    if (ref == cat.tables.end())
        return;
    const auto& rt = ref->second;
    const std::string owner = quote_ident(fk.referenced_owner_name);
    const std::string intro =
        "Foreign key " + quote_ident(fk.name) + " of " + qualified(t.schema_name, t.name) +
        " is checked as " + quote_ident(fk.referenced_owner_name) +
        ", the owner of the referenced table " + qualified(rt.schema_name, rt.name) + ", ";
    if (!fk.referenced_owner_schema_usage) {
        Row r = n.row("schema", rt.schema_name, rt.schema_name, priv::kUsage, step);
        r.status = Status::Missing;
        r.detail = intro + "who lacks USAGE on schema " + quote_ident(rt.schema_name) +
                   ": every write fails, even a superuser's.";
        set_fix(r, RowBuilder::grant(priv::kUsage, "SCHEMA", quote_ident(rt.schema_name), owner));
        n.add(std::move(r));
    }
    for (AclMode bit : {priv::kSelect, priv::kUpdate}) {
        if (fk.referenced_owner_table_held & bit)
            continue;
        Row r = n.row("table", rt.schema_name, rt.name, bit, step);
        r.status = Status::Missing;
        r.detail = intro + "who lacks " + privilege_keyword(bit) +
                   " on it (the check reads the key with FOR KEY SHARE): every write fails, "
                   "even a superuser's.";
        set_fix(r, RowBuilder::grant(bit, "TABLE", qualified(rt.schema_name, rt.name), owner));
        n.add(std::move(r));
    }
}

// Triggers that fire for `events` on the table: what their bodies touch is
// not known without running them, so each is a warning.
void triggers(RowBuilder& n, const TableFacts& t, unsigned events, Step step, const char* verb) {
    const Catalog& cat = n.catalog();
    for (const auto& tg : t.triggers) {
        if (!(tg.events & events))
            continue;
        Row r = n.row("trigger", t.schema_name, t.name + "." + tg.name, 0, step);
        r.privilege = "EXECUTE";
        r.status = Status::Warning;
        auto f = cat.functions.find(tg.function);
        std::string fname = "its function";
        bool definer = false;
        if (f != cat.functions.end()) {
            fname = "function " + f->second.schema_name + "." + f->second.name + "(" +
                    f->second.arguments + ")";
            definer = f->second.security_definer;
        }
        r.detail =
            "Trigger " + quote_ident(tg.name) + " fires on " + verb + " and runs " + fname +
            (definer ? " as its owner (SECURITY DEFINER); " : " with the role's privileges; ") +
            "what its body touches is not checked.";
        n.add(std::move(r));
    }
}

// Ownership of a sequence (TRUNCATE ... RESTART IDENTITY, ALTER SEQUENCE),
// and the fix that can give it: a sequence linked to a column follows its
// table's owner, and ALTER SEQUENCE ... OWNER TO is refused for it.
void sequence_owner(RowBuilder& n, const SequenceFacts& s, Step step, const std::string& why) {
    n.sequence_owner(s, step, why, [&]() -> RowBuilder::OwnerFix {
        const Catalog& cat = n.catalog();
        const std::string& role = n.role_ident();
        auto owner_table = cat.tables.find(s.owned_by_table);
        if (s.owned_by_table != kInvalidOid && owner_table != cat.tables.end()) {
            const auto& t = owner_table->second;
            const std::string table = table_label(t);
            RowBuilder::OwnerFix f{
                " The sequence belongs to table " + table +
                    ", so the fix makes the role own that table (this changes "
                    "who owns it).",
                {"ALTER TABLE " + table + " OWNER TO " + role + ";", FixOrder::TableOwner}};
            if (!t.referenced_by.empty()) {
                // Foreign keys to this table are then checked as the new
                // owner, who keeps the old owner's ACL entry (revocations
                // included): give it what those checks read.
                f.detail += " Foreign keys point at the table and are checked as its owner, so "
                            "the fix also grants the role what those checks need.";
                const SchemaFacts* nsp = cat.schema(t.schema);
                if (!nsp || !(nsp->priv.held & priv::kUsage))
                    f.fix.sql += " " + RowBuilder::grant(priv::kUsage, "SCHEMA",
                                                         quote_ident(t.schema_name), role)
                                           .sql;
                for (AclMode bit : {priv::kSelect, priv::kUpdate})
                    f.fix.sql += " " + RowBuilder::grant(bit, "TABLE", table, role).sql;
            }
            return f;
        }
        if (s.owned_by_table != kInvalidOid) {
            // Linked to a column of a table we did not read: membership in
            // the owning role is the one fix that needs no name of that table.
            return {
                " The sequence belongs to a table column, so the fix makes the role a member "
                "of its owner " +
                    quote_ident(s.priv.owner_name) + " (this gives it everything that role has).",
                {"GRANT " + quote_ident(s.priv.owner_name) + " TO " + role + ";", FixOrder::Grant}};
        }
        return {" The fix makes the role own the sequence (this changes who owns it).",
                {"ALTER SEQUENCE " + qualified(s.schema_name, s.name) + " OWNER TO " + role + ";",
                 FixOrder::SequenceOwner}};
    });
}

void schema_usage(RowBuilder& n, const TableFacts& t, Step step) {
    n.schema(t.schema, priv::kUsage, step, "name tables in schema", t.schema_name);
}

// What writing a row (INSERT or UPDATE) makes PostgreSQL check besides
// column privileges: CHECK and generation functions, the foreign-key checks
// run as the referenced owner, and triggers.
void row_checks(RowBuilder& n, const TableFacts& t, Step step, unsigned events, const char* verb,
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
        foreign_key_owner(n, t, *fk, step);
    triggers(n, t, events, step, verb);
    // A row routed to a partition meets that partition's own constraints and
    // triggers: which partition depends on the data, so these only warn.
    auto parts = with_partitions(cat, t);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        for (Oid f : parts[i]->check_funcs)
            n.function(f, step, "check a CHECK constraint of partition " + table_label(*parts[i]),
                       false);
        triggers(n, *parts[i], events, step, verb);
    }
}

std::vector<const ForeignKeyFacts*> all_fks(const TableFacts& t) {
    std::vector<const ForeignKeyFacts*> out;
    for (const auto& fk : t.foreign_keys)
        out.push_back(&fk);
    return out;
}

void write_table(RowBuilder& n, const TableFacts& t) {
    schema_usage(n, t, Step::Write);
    const std::vector<int> written = written_columns(t);
    n.columns(t, priv::kInsert, written, Step::Write, "insert rows into " + table_label(t));
    row_checks(n, t, Step::Write, trigger_event::kInsert, "INSERT", all_fks(t), written);
    rls_new_rows(n, t, 'a', PolicySide::Check, Step::Write, "insert");
}

const std::vector<int>* conflict_key(const TableFacts& t) {
    if (!t.primary_key.empty())
        return &t.primary_key;
    if (!t.unique_keys.empty())
        return &t.unique_keys.front();
    return nullptr;
}

void upsert_table(RowBuilder& n, const TableFacts& t) {
    const bool update = n.options().on_conflict == OnConflict::Update;
    schema_usage(n, t, Step::Upsert);
    const auto* key = conflict_key(t);
    const std::vector<int> written = written_columns(t);
    if (!key) {
        n.columns(t, priv::kInsert, written, Step::Upsert, "insert rows into " + table_label(t));
        n.warning(t, "INSERT", Step::Upsert,
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
        n.columns(t, priv::kInsert, written, Step::Upsert, "insert rows into " + table_label(t),
                  asked);
        if (!set_cols.empty())
            n.columns(t, priv::kUpdate, set_cols, Step::Upsert,
                      "update conflicting rows of " + table_label(t), asked);
        std::vector<int> read_cols = *key;
        read_cols.insert(read_cols.end(), set_cols.begin(), set_cols.end());
        std::sort(read_cols.begin(), read_cols.end());
        n.columns(t, priv::kSelect, read_cols, Step::Upsert,
                  update ? "match the conflict key and read EXCLUDED values of " + table_label(t)
                         : "match the conflict key of " + table_label(t));
    }
    unsigned events = trigger_event::kInsert | (update ? trigger_event::kUpdate : 0u);
    row_checks(n, t, Step::Upsert, events, update ? "INSERT or UPDATE" : "INSERT", all_fks(t),
               written);
    rls_new_rows(n, t, 'a', PolicySide::Check, Step::Upsert, "insert");
    if (key) {
        // Reading the conflict key makes every new row pass the SELECT
        // policies too (rowsecurity.c adds them as WITH CHECK options).
        rls_new_rows(n, t, 'r', PolicySide::Using, Step::Upsert, "upsert");
        if (update)
            rls_update(n, t, Step::Upsert);
    }
}

void update_foreign_keys_table(RowBuilder& n, const TableFacts& t,
                               const std::unordered_set<Oid>& cycle) {
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
    schema_usage(n, t, Step::UpdateForeignKeys);
    n.columns(t, priv::kUpdate, fk_cols, Step::UpdateForeignKeys,
              "set the foreign keys of " + table_label(t) + " after loading (circular references)");
    const std::vector<int> key = t.primary_key.empty() ? all_columns(t) : t.primary_key;
    n.columns(t, priv::kSelect, key, Step::UpdateForeignKeys,
              "find the rows to update in " + table_label(t));
    row_checks(n, t, Step::UpdateForeignKeys, trigger_event::kUpdate, "UPDATE", fks, fk_cols);
    rls_update(n, t, Step::UpdateForeignKeys);
}

// TRUNCATE "s"."t" RESTART IDENTITY [CASCADE], as ExecuteTruncate checks it.
void truncate_table(RowBuilder& n, const TableFacts& t) {
    const Catalog& cat = n.catalog();
    schema_usage(n, t, Step::Truncate);
    n.table(t, priv::kTruncate, Step::Truncate, "truncate " + table_label(t));
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
                n.table(*rt, priv::kTruncate, Step::Truncate,
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
            n.warning(t, "TRUNCATE", Step::Truncate,
                      "Table " + table_label(t) + " is referenced by " + referencing +
                          ", so TRUNCATE without CASCADE fails (0A000) before any privilege is "
                          "checked: the job needs \"truncate_cascade\": true.",
                      std::nullopt);
    }
    for (const auto* r : rels) {
        for (Oid q : r->sequences) {
            const auto& s = cat.sequences.at(q);
            if (s.owned_by_table == r->oid)
                sequence_owner(n, s, Step::Truncate,
                               "restart it (TRUNCATE " + table_label(*r) + " RESTART IDENTITY)");
        }
        triggers(n, *r, trigger_event::kTruncate, Step::Truncate, "TRUNCATE");
    }
}

void reset_sequences_table(RowBuilder& n, const TableFacts& t) {
    const Catalog& cat = n.catalog();
    for (Oid q : t.sequences) {
        const auto& s = cat.sequences.at(q);
        if (n.options().truncate) {
            n.schema(s.schema, priv::kUsage, Step::ResetSequences, "name sequences in schema",
                     s.schema_name);
            sequence_owner(n, s, Step::ResetSequences, "run ALTER SEQUENCE ... RESTART on it");
        }
        if (s.owned_by_table != t.oid)
            continue; // pg_get_serial_sequence finds only sequences linked to a column
        const auto* col = find_column(t, s.owned_by_column);
        if (!col)
            continue;
        schema_usage(n, t, Step::ResetSequences);
        n.schema(s.schema, priv::kUsage, Step::ResetSequences, "name sequences in schema",
                 s.schema_name);
        n.sequence(s, priv::kUpdate, Step::ResetSequences, "setval it to the loaded maximum");
        n.columns(t, priv::kSelect, {col->attnum}, Step::ResetSequences,
                  "read MAX(" + quote_ident(col->name) + ") of " + table_label(t));
        // SELECT MAX(c) reads through row-level security like any query.
        rls_read(n, t, Step::ResetSequences,
                 "MAX() may miss rows and setval may set the sequence below values in use");
    }
}

} // namespace

void create_schemas_step(RowBuilder& n) {
    n.database(priv::kCreate, Step::CreateSchemas,
               "run CREATE SCHEMA IF NOT EXISTS (asked even when the schema exists)");
}

void create_tables_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    for (const auto& s : cat.schemas)
        if (s.exists)
            n.schema(s.oid, priv::kCreate, Step::CreateTables, "create tables in schema", s.name);
    for (const auto& [oid, ty] : cat.types)
        n.type(ty, Step::CreateTables);
}

void truncate_step(RowBuilder& n) {
    for (const TableFacts* t : n.tables())
        truncate_table(n, *t);
}

void write_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    for (const auto& s : cat.schemas) {
        if (s.exists) {
            n.schema(s.oid, priv::kUsage, Step::Write, "write the tables of schema", s.name);
        } else if (!n.options().create_schemas) {
            Row r = n.row("schema", s.name, s.name, priv::kUsage, Step::Write);
            r.status = Status::Missing;
            r.detail = "Schema " + quote_ident(s.name) +
                       " does not exist: create it, or let the job create it with "
                       "\"create_schemas\": true.";
            set_fix(r, Fix{"CREATE SCHEMA " + quote_ident(s.name) + " AUTHORIZATION " +
                               n.role_ident() + ";",
                           FixOrder::CreateSchema});
            n.add(std::move(r));
        }
    }
    for (const TableFacts* t : n.tables())
        write_table(n, *t);
}

void upsert_step(RowBuilder& n) {
    for (const TableFacts* t : n.tables())
        upsert_table(n, *t);
}

void update_foreign_keys_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    for (const auto& cycle : foreign_key_cycles(cat)) {
        const std::unordered_set<Oid> members(cycle.begin(), cycle.end());
        for (Oid oid : cycle)
            update_foreign_keys_table(n, cat.tables.at(oid), members);
    }
}

void reset_sequences_step(RowBuilder& n) {
    for (const TableFacts* t : n.tables())
        reset_sequences_table(n, *t);
}

} // namespace preflight
