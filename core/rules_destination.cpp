// The destination job (JOBS.md): one rule per step, in the order a job runs them.
#include "fk_cycles.hpp"
#include "quote.hpp"
#include "rls.hpp"
#include "rules.hpp"
#include "rules_init_from_source.hpp"
#include "via.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
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

// The tables with a foreign key to `t`, in (schema, name) order: the fact
// providers list them in the order their catalogs come, which differs.
std::vector<const TableFacts*> referencing(const Catalog& cat, const TableFacts& t) {
    std::vector<const TableFacts*> out;
    for (Oid ref : t.referenced_by)
        if (const auto* rt = table(cat, ref))
            out.push_back(rt);
    std::sort(out.begin(), out.end(), [](const TableFacts* a, const TableFacts* b) {
        return std::tie(a->schema_name, a->name) < std::tie(b->schema_name, b->name);
    });
    return out;
}

// The foreign-key check that runs as the referenced table's owner.
void foreign_key_owner(RowBuilder& n, const TableFacts& t, const ForeignKeyFacts& fk, Step step) {
    if (!fk.enforced)
        return;
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
            // The new owner takes over the old owner's own ACL entry: what
            // the old owner revoked from itself, the job's role lacks after
            // the handover, and pg_write_all_data stops counting for a
            // statement that asks INSERT and UPDATE together once one of
            // them is in the ACL. Grant back what the job's writes use.
            AclMode own = 0;
            for (const auto& e : t.priv.acl)
                if (e.grantee == t.priv.owner)
                    own |= e.privs;
            std::string regrant;
            for (AclMode bit : {priv::kSelect, priv::kInsert, priv::kUpdate, priv::kTruncate})
                if (!(own & bit) &&
                    (t.referenced_by.empty() || (bit != priv::kSelect && bit != priv::kUpdate)))
                    regrant += " " + RowBuilder::grant(bit, "TABLE", table, role).sql;
            if (!regrant.empty()) {
                f.detail += " Its owner has revoked some of its own privileges on it, which the "
                            "new owner would not have either, so the fix grants them back.";
                f.fix.sql += regrant;
            }
            return f;
        }
        if (s.owned_by_table != kInvalidOid) {
            // Linked to a column of a table we did not read: membership in
            // the owning role is the one fix that needs no name of that table.
            const RoleFacts& member = n.catalog().role;
            const char* inherit = !member.grant_options && !member.inherit
                                      ? "; the role is NOINHERIT, so the fix makes it inherit "
                                        "from all its roles)."
                                      : ").";
            return {" The sequence belongs to a table column, so the fix makes the role a member "
                    "of its owner " +
                        quote_ident(s.priv.owner_name) +
                        " (this gives it everything that role has" + inherit,
                    membership_grant(member, s.priv.owner_name)};
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

// What the columns sent as DEFAULT run (column_defaults "generate"): a
// nextval default needs USAGE or UPDATE on its sequence, and a default's
// functions need EXECUTE. Identity columns need nothing.
void defaults_run(RowBuilder& n, const TableFacts& t, Step step) {
    const Catalog& cat = n.catalog();
    for (const auto& c : t.columns) {
        if (!c.has_default || !sent_as_default(c, n.options()))
            continue;
        for (Oid q : c.default_sequences)
            if (auto s = cat.sequences.find(q); s != cat.sequences.end())
                n.sequence(s->second, priv::kUsage | priv::kUpdate, step,
                           "generate the default of column " + quote_ident(c.name) + " of " +
                               table_label(t) + " (nextval)");
        for (Oid f : c.default_funcs)
            n.function(f, step,
                       "compute the default of column " + quote_ident(c.name) + " of " +
                           table_label(t));
    }
}

// INSERT INTO "s"."t" (every column the job sends) VALUES (...), as the
// write and upsert steps send it.
std::vector<int> insert_rows(RowBuilder& n, const TableFacts& t, Step step, AclMode asked) {
    schema_usage(n, t, step);
    std::vector<int> listed = insert_columns(t, n.options());
    n.columns(t, priv::kInsert, listed, step, "insert rows into " + table_label(t), asked);
    defaults_run(n, t, step);
    return listed;
}

void write_table(RowBuilder& n, const TableFacts& t) {
    const std::vector<int> listed = insert_rows(n, t, Step::Write, 0);
    row_checks(n, t, Step::Write, trigger_event::kInsert, "INSERT", all_fks(t), listed);
    rls_new_rows(n, t, 'a', PolicySide::Check, Step::Write, "insert");
}

// ON CONFLICT DO NOTHING has no conflict target, so it reads nothing. DO
// UPDATE names the primary key and sets every other column the INSERT
// lists, but identity ALWAYS and generated ones ("c"=EXCLUDED."c", DEFAULT
// ones too): SELECT on the key and on those columns, UPDATE on them. With
// no primary key, or nothing to set, Neosync sends DO NOTHING.
void upsert_table(RowBuilder& n, const TableFacts& t) {
    const JobOptions& o = n.options();
    std::vector<int> set_cols;
    const bool update = o.on_conflict == OnConflict::Update && !t.primary_key.empty();
    if (update)
        for (const auto& c : t.columns)
            if (!c.generated && c.identity != 'a' &&
                std::find(t.primary_key.begin(), t.primary_key.end(), c.attnum) ==
                    t.primary_key.end())
                set_cols.push_back(c.attnum);
    const bool do_update = update && !set_cols.empty();
    if (do_update && t.primary_key_without_overlaps)
        n.warning(t, "UPDATE", Step::Upsert,
                  "The primary key of " + table_label(t) +
                      " is WITHOUT OVERLAPS, which no ON CONFLICT can name: the job's INSERT ... "
                      "ON CONFLICT (...) DO UPDATE on it fails (42P10) before any privilege is "
                      "checked; \"on_conflict\": \"nothing\" has no conflict target.",
                  std::nullopt);
    const AclMode asked = do_update ? priv::kInsert | priv::kUpdate | priv::kSelect : 0;
    const std::vector<int> listed = insert_rows(n, t, Step::Upsert, asked);
    if (do_update) {
        n.columns(t, priv::kUpdate, set_cols, Step::Upsert,
                  "update conflicting rows of " + table_label(t), asked);
        std::vector<int> read_cols = t.primary_key;
        read_cols.insert(read_cols.end(), set_cols.begin(), set_cols.end());
        std::sort(read_cols.begin(), read_cols.end());
        n.columns(t, priv::kSelect, read_cols, Step::Upsert,
                  "match the primary key and read EXCLUDED values of " + table_label(t), asked);
    }
    const unsigned events = trigger_event::kInsert | (do_update ? trigger_event::kUpdate : 0u);
    row_checks(n, t, Step::Upsert, events, do_update ? "INSERT or UPDATE" : "INSERT", all_fks(t),
               listed);
    rls_new_rows(n, t, 'a', PolicySide::Check, Step::Upsert, "insert");
    if (do_update) {
        // DO UPDATE reads the conflict key, so every new row must pass the
        // SELECT policies too (rowsecurity.c adds them as WITH CHECK options).
        rls_new_rows(n, t, 'r', PolicySide::Using, Step::Upsert, "upsert");
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
    // WHERE ("pk" = ...): without a primary key Neosync sends no WHERE at
    // all (and so updates every row), which reads no column.
    if (!t.primary_key.empty())
        n.columns(t, priv::kSelect, t.primary_key, Step::UpdateForeignKeys,
                  "find the rows to update in " + table_label(t));
    row_checks(n, t, Step::UpdateForeignKeys, trigger_event::kUpdate, "UPDATE", fks, fk_cols);
    rls_update(n, t, Step::UpdateForeignKeys);
}

// The sequences the truncate step restarts, once each, and why: TRUNCATE
// ... RESTART IDENTITY restarts those the emptied tables own, ALTER
// SEQUENCE ... RESTART those the job's column defaults call. Both need
// ownership: one row says both.
struct Restarts {
    std::vector<Oid> order;
    std::map<Oid, std::string> why;
    void add(Oid q, const std::string& reason) {
        auto [it, first] = why.try_emplace(q, reason);
        if (first)
            order.push_back(q);
        else if (it->second.find(reason) == std::string::npos)
            it->second += ", and " + reason;
    }
};

// What TRUNCATE ... RESTART IDENTITY meets in the tables it empties: the
// sequences they own, their TRUNCATE triggers.
void truncated_tables(RowBuilder& n, const std::vector<const TableFacts*>& rels,
                      Restarts& restarts) {
    const Catalog& cat = n.catalog();
    for (const auto* r : rels) {
        for (Oid q : r->sequences)
            if (cat.sequences.at(q).owned_by_table == r->oid)
                restarts.add(q, "restart it (TRUNCATE " + table_label(*r) + " RESTART IDENTITY)");
        triggers(n, *r, trigger_event::kTruncate, Step::Truncate, "TRUNCATE");
    }
}

// TRUNCATE "s"."a", "s"."b", ... RESTART IDENTITY: one statement over every
// table of the job, so references among them are fine; a table outside the
// job that references one of them makes it fail (0A000).
void truncate_together(RowBuilder& n, Restarts& restarts) {
    const Catalog& cat = n.catalog();
    std::vector<const TableFacts*> rels;
    std::set<Oid> in_rels;
    for (const TableFacts* t : n.tables()) {
        schema_usage(n, *t, Step::Truncate);
        n.table(*t, priv::kTruncate, Step::Truncate, "truncate " + table_label(*t));
        // Partitions are truncated with their parent; only the parent's
        // privilege is checked.
        for (const auto* r : with_partitions(cat, *t))
            if (in_rels.insert(r->oid).second)
                rels.push_back(r);
    }
    for (const TableFacts* t : n.tables()) {
        // Name the referencing tables a person knows: partitions carry
        // clones of their parent's foreign key, so name only the parent.
        std::string names;
        for (const auto* r : with_partitions(cat, *t))
            for (const auto* rt : referencing(cat, *r))
                if (!in_rels.count(rt->oid) && !rt->is_partition)
                    names += (names.empty() ? "" : ", ") + table_label(*rt);
        if (!names.empty())
            n.warning(*t, "TRUNCATE", Step::Truncate,
                      "Table " + table_label(*t) + " is referenced by " + names +
                          ", which the job does not truncate, so its TRUNCATE fails (0A000) "
                          "before any privilege is checked: the job needs \"truncate_cascade\": "
                          "true, or those tables in its scope.",
                      std::nullopt);
    }
    truncated_tables(n, rels, restarts);
}

// TRUNCATE "s"."t" RESTART IDENTITY CASCADE, one table at a time: TRUNCATE
// on every table the cascade reaches (ExecuteTruncate checks them all).
void truncate_cascade_table(RowBuilder& n, const TableFacts& t, Restarts& restarts) {
    const Catalog& cat = n.catalog();
    schema_usage(n, t, Step::Truncate);
    n.table(t, priv::kTruncate, Step::Truncate, "truncate " + table_label(t));
    std::vector<const TableFacts*> rels = with_partitions(cat, t);
    std::set<Oid> in_rels;
    for (const auto* r : rels)
        in_rels.insert(r->oid);
    for (std::size_t i = 0; i < rels.size(); ++i) {
        for (const auto* rt : referencing(cat, *rels[i])) {
            if (!in_rels.insert(rt->oid).second)
                continue;
            rels.push_back(rt);
            n.table(*rt, priv::kTruncate, Step::Truncate,
                    "truncate it by cascade from " + table_label(t));
        }
    }
    truncated_tables(n, rels, restarts);
}

// ALTER SEQUENCE "s"."seq" RESTART for every sequence a column default of
// the job's tables calls nextval on, owned or free-standing.
void restart_sequences(RowBuilder& n, Restarts& restarts) {
    const Catalog& cat = n.catalog();
    std::set<Oid> done;
    for (const TableFacts* t : n.tables())
        for (const auto& c : t->columns)
            for (Oid q : c.default_sequences) {
                auto s = cat.sequences.find(q);
                if (s == cat.sequences.end() || !done.insert(q).second)
                    continue;
                const SequenceFacts& seq = s->second;
                if (seq.schema != t->schema) {
                    // Neosync names the sequence in the table's schema.
                    Row r = n.row("sequence", seq.schema_name, seq.name, 0, Step::Truncate);
                    r.privilege = "OWNER";
                    r.status = Status::Warning;
                    r.detail = "Neosync restarts the sequence of column " + quote_ident(c.name) +
                               " of " + table_label(*t) + " as " +
                               qualified(t->schema_name, seq.name) +
                               ", in the table's schema: that names no sequence (or another "
                               "one), the restart is skipped as \"does not exist\", and " +
                               qualified(seq.schema_name, seq.name) + " keeps its value.";
                    n.add(std::move(r));
                    continue;
                }
                n.schema(seq.schema, priv::kUsage, Step::Truncate, "name sequences in schema",
                         seq.schema_name);
                restarts.add(q, "run ALTER SEQUENCE ... RESTART on it");
            }
}

// The columns the post-load setval runs for: identity columns and columns
// whose default calls nextval, unless the job sends them as DEFAULT.
bool reset_after_load(const ColumnFacts& c, const JobOptions& o) {
    return (c.identity != '\0' || !c.default_sequences.empty()) && !sent_as_default(c, o);
}

constexpr const char* kSetvalSurvived =
    "Neosync logs this and goes on: the sequence stays below the loaded rows, and the next "
    "INSERT that takes a value from it fails with a duplicate key.";

// SELECT setval(pg_get_serial_sequence('"s"."t"', 'c'), COALESCE((SELECT
// MAX("c") FROM "s"."t"), 1)): SELECT on c always (the subquery is checked
// even when the column owns no sequence and setval gets NULL); USAGE on the
// sequence's schema (its name is cast to regclass) and UPDATE on it when
// the column owns one.
void reset_sequences_table(RowBuilder& n, const TableFacts& t) {
    const Catalog& cat = n.catalog();
    for (const auto& c : t.columns) {
        if (!reset_after_load(c, n.options()))
            continue;
        schema_usage(n, t, Step::ResetSequences);
        n.columns(t, priv::kSelect, {c.attnum}, Step::ResetSequences,
                  "read MAX(" + quote_ident(c.name) + ") of " + table_label(t));
        for (Oid q : t.sequences) {
            const auto& s = cat.sequences.at(q);
            if (s.owned_by_table != t.oid || s.owned_by_column != c.attnum)
                continue; // pg_get_serial_sequence finds only the column's own sequence
            n.schema(s.schema, priv::kUsage, Step::ResetSequences, "name sequences in schema",
                     s.schema_name);
            n.sequence(s, priv::kUpdate, Step::ResetSequences, "setval it to the loaded maximum");
        }
        // SELECT MAX(c) reads through row-level security like any query.
        rls_read(n, t, Step::ResetSequences,
                 "MAX() may miss rows and setval may set the sequence below values in use");
    }
}

constexpr const char* kCreateSchemaSurvived =
    "Neosync records this and goes on: a schema that does not exist stays missing, and "
    "creating or writing its tables then fails.";

// ALTER SEQUENCE "s"."seq" OWNED BY "s"."t"."c", unguarded, for every
// sequence a column of the job's tables owns (serial; an identity sequence
// cannot be re-linked and is left out): ownership of the sequence, and the
// sequence and table must have one owner.
void link_sequences(RowBuilder& n, const TableFacts& t) {
    const Catalog& cat = n.catalog();
    for (Oid q : t.sequences) {
        const auto& s = cat.sequences.at(q);
        if (s.owned_by_table != t.oid || s.identity)
            continue;
        const auto* col = find_column(t, s.owned_by_column);
        if (!col)
            continue;
        const std::string stmt = "run ALTER SEQUENCE ... OWNED BY " + table_label(t) + "." +
                                 quote_ident(col->name) + " (every run, tables present or not)";
        n.schema(s.schema, priv::kUsage, Step::CreateTables, "name sequences in schema",
                 s.schema_name);
        schema_usage(n, t, Step::CreateTables);
        sequence_owner(n, s, Step::CreateTables, stmt);
        if (s.priv.owner != t.priv.owner)
            n.warning(t, "OWNER", Step::CreateTables,
                      "Sequence " + qualified(s.schema_name, s.name) + " is owned by " +
                          quote_ident(s.priv.owner_name) + " and table " + table_label(t) + " by " +
                          quote_ident(t.priv.owner_name) +
                          ": ALTER SEQUENCE ... OWNED BY fails (55000) until one role owns both.",
                      std::nullopt);
    }
}

// Whether init runs a DO block for the table: one per constraint, index,
// foreign key and trigger it has, and per sequence and type it uses.
bool init_runs_do_blocks(const TableFacts& t) {
    if (t.indexes > 0 || t.checks > 0 || !t.foreign_keys.empty() || !t.triggers.empty() ||
        !t.sequences.empty())
        return true;
    return std::any_of(t.columns.begin(), t.columns.end(),
                       [](const ColumnFacts& c) { return c.type >= kFirstNormalObjectId; });
}

} // namespace

void create_schemas_step(RowBuilder& n) {
    RowBuilder::Survivable survives(n, kCreateSchemaSurvived);
    n.database(priv::kCreate, Step::CreateSchemas,
               "run CREATE SCHEMA IF NOT EXISTS (asked even when the schema exists)");
}

// init_tables: what runs on every run on the tables that exist, and (from a
// job file's source) what creating the absent ones needs.
void create_tables_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    if (n.tables().empty() && cat.tables_to_create.empty())
        return;
    {
        RowBuilder::Survivable survives(n, kCreateSchemaSurvived);
        n.database(priv::kCreate, Step::CreateTables,
                   "run CREATE SCHEMA IF NOT EXISTS for the schemas of the tables and their types "
                   "(asked even when they exist)");
    }
    bool do_blocks = false;
    for (const TableFacts* t : n.tables()) {
        n.schema(t->schema, priv::kCreate, Step::CreateTables,
                 "run CREATE TABLE IF NOT EXISTS (asked even when the table exists) in schema",
                 t->schema_name);
        do_blocks = do_blocks || init_runs_do_blocks(*t);
    }
    create_extensions(n);
    do_blocks = create_absent_tables(n) || do_blocks;
    if (do_blocks && cat.plpgsql.exists)
        n.language(cat.plpgsql, priv::kUsage, Step::CreateTables,
                   "run the DO blocks that add each missing constraint, index, foreign key, "
                   "trigger and sequence");
    for (const TableFacts* t : n.tables())
        link_sequences(n, *t);
}

void truncate_step(RowBuilder& n) {
    Restarts restarts;
    if (n.options().truncate_cascade)
        for (const TableFacts* t : n.tables())
            truncate_cascade_table(n, *t, restarts);
    else
        truncate_together(n, restarts);
    restart_sequences(n, restarts);
    for (Oid q : restarts.order)
        sequence_owner(n, n.catalog().sequences.at(q), Step::Truncate, restarts.why.at(q));
}

void write_step(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    for (const auto& s : cat.schemas) {
        if (s.exists) {
            n.schema(s.oid, priv::kUsage, Step::Write, "write the tables of schema", s.name);
        } else if (!n.options().create_schemas && !n.options().init_tables) {
            // (init_tables runs CREATE SCHEMA IF NOT EXISTS for its tables' schemas.)
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
    RowBuilder::Survivable survives(n, kSetvalSurvived);
    for (const TableFacts* t : n.tables())
        reset_sequences_table(n, *t);
}

} // namespace preflight
