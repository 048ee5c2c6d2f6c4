// Terse hand-built Catalog facts for the unit tests, and helpers to find rows.
//
// The builder keeps ACLs only; build() computes every "held" mask from them
// the way PostgreSQL's aclmask would for the checked role (superuser,
// PUBLIC, direct grants, roles it has privileges of, pg_read_all_data and
// pg_write_all_data), and the foreign keys' referenced-owner facts from the
// referenced table's and schema's ACLs. Tests that need facts PostgreSQL
// could not produce edit the built Catalog afterwards.
#pragma once

#include "core/check.hpp"
#include "core/facts.hpp"
#include "core/options.hpp"
#include "core/row.hpp"
#include "core/steps.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace preflight::testing {

// Role oids. The checked role is kRole unless a test says otherwise.
constexpr Oid kRole = 16384;       // "loader"
constexpr Oid kOwner = 16385;      // "app_owner": owns the schemas and tables by default
constexpr Oid kReaders = 16386;    // "readers": a group role
constexpr Oid kWriters = 16387;    // "writers"
constexpr Oid kAdmins = 16388;     // "admins"
constexpr Oid kOtherOwner = 16389; // "other_owner"
constexpr Oid kPostgres = 10;      // bootstrap superuser, owns the database
constexpr Oid kPgDatabaseOwner = 6171;
constexpr Oid kPgReadAllData = 6181;
constexpr Oid kPgWriteAllData = 6182;

namespace bits {
constexpr AclMode kTableAll = priv::kInsert | priv::kSelect | priv::kUpdate | priv::kDelete |
                              priv::kTruncate | priv::kReferences | priv::kTrigger;
constexpr AclMode kColumnAll = priv::kInsert | priv::kSelect | priv::kUpdate | priv::kReferences;
constexpr AclMode kSequenceAll = priv::kUsage | priv::kSelect | priv::kUpdate;
constexpr AclMode kSchemaAll = priv::kUsage | priv::kCreate;
constexpr AclMode kDatabaseAll = priv::kCreate | priv::kTemporary | priv::kConnect;
constexpr AclMode kFunctionAll = priv::kExecute;
constexpr AclMode kTypeAll = priv::kUsage;
} // namespace bits

class CatalogBuilder {
  public:
    explicit CatalogBuilder(std::string role_name = "loader", Oid role_oid = kRole) {
        names_[kPostgres] = "postgres";
        names_[kOwner] = "app_owner";
        names_[kReaders] = "readers";
        names_[kWriters] = "writers";
        names_[kAdmins] = "admins";
        names_[kOtherOwner] = "other_owner";
        names_[kPgDatabaseOwner] = "pg_database_owner";
        names_[kPgReadAllData] = "pg_read_all_data";
        names_[kPgWriteAllData] = "pg_write_all_data";
        names_[role_oid] = role_name;
        cat_.role.oid = role_oid;
        cat_.role.name = role_name;
        cat_.role.login = true;
        cat_.database.name = "db";
        cat_.database.priv = owned(kPostgres, bits::kDatabaseAll);
        // acldefault for a database: PUBLIC has CONNECT and TEMPORARY.
        grant(cat_.database.priv, kPublicGrantee, priv::kConnect | priv::kTemporary);
    }

    // --- the checked role -------------------------------------------------
    CatalogBuilder& superuser(bool on = true) {
        cat_.role.superuser = on;
        return *this;
    }
    CatalogBuilder& login(bool on) {
        cat_.role.login = on;
        return *this;
    }
    CatalogBuilder& bypassrls(bool on = true) {
        cat_.role.bypassrls = on;
        return *this;
    }
    // The role has the privileges of `oid` (INHERIT membership, direct or not).
    CatalogBuilder& member_of(Oid oid, std::optional<std::string> name = std::nullopt) {
        if (name)
            names_[oid] = *name;
        cat_.role.privs_of[oid] = Membership{names_.at(oid), oid < 16384};
        return *this;
    }
    // The role is a member of `oid` without inheriting its privileges.
    CatalogBuilder& noinherit_member_of(Oid oid, std::optional<std::string> name = std::nullopt) {
        if (name)
            names_[oid] = *name;
        cat_.role.noinherit_member_of[oid] = names_.at(oid);
        return *this;
    }
    CatalogBuilder& role_name(Oid oid, std::string name) {
        names_[oid] = std::move(name);
        return *this;
    }
    const std::string& name_of(Oid oid) const { return names_.at(oid); }
    std::optional<Oid> oid_of(const std::string& name) const {
        for (const auto& [oid, n] : names_)
            if (n == name)
                return oid;
        return std::nullopt;
    }
    Oid new_oid() { return next_oid_++; }

    // --- ACLs -------------------------------------------------------------
    // A Privileges owned by `owner`, whose ACL starts with the owner's own
    // entry holding `owner_bits` (acldefault).
    Privileges owned(Oid owner, AclMode owner_bits) const {
        Privileges p;
        p.owner = owner;
        p.owner_name = names_.count(owner) ? names_.at(owner) : "role" + std::to_string(owner);
        p.acl.push_back(AclEntry{owner, owner_bits});
        return p;
    }
    static void grant(Privileges& p, Oid grantee, AclMode privs) {
        for (auto& e : p.acl)
            if (e.grantee == grantee) {
                e.privs |= privs;
                return;
            }
        p.acl.push_back(AclEntry{grantee, privs});
    }
    static void revoke(Privileges& p, Oid grantee, AclMode privs) {
        for (auto& e : p.acl)
            if (e.grantee == grantee)
                e.privs &= ~privs;
        p.acl.erase(std::remove_if(p.acl.begin(), p.acl.end(),
                                   [](const AclEntry& e) { return e.privs == 0; }),
                    p.acl.end());
    }

    // --- objects ----------------------------------------------------------
    // A selected schema (cat.schemas), or a referenced one (other_schemas).
    Oid schema(const std::string& name, Oid owner = kOwner, bool selected = true) {
        SchemaFacts s;
        s.oid = next_oid_++;
        s.name = name;
        s.priv = owned(owner, bits::kSchemaAll);
        if (selected)
            cat_.schemas.push_back(std::move(s));
        else
            cat_.other_schemas[s.oid] = std::move(s);
        return next_oid_ - 1;
    }
    // A selected schema that the catalog does not have.
    void absent_schema(const std::string& name) {
        SchemaFacts s;
        s.oid = kInvalidOid;
        s.name = name;
        s.exists = false;
        cat_.schemas.push_back(std::move(s));
    }
    SchemaFacts& schema_facts(Oid oid) {
        for (auto& s : cat_.schemas)
            if (s.oid == oid)
                return s;
        return cat_.other_schemas.at(oid);
    }
    Privileges& schema_priv(Oid oid) { return schema_facts(oid).priv; }

    // A table with columns attnum 1..n; in scope (table_order, in call
    // order) unless in_scope is false (reached only by truncate cascades).
    Oid table(Oid schema, const std::string& name, std::vector<std::string> columns,
              Oid owner = kOwner, char relkind = 'r', bool in_scope = true) {
        TableFacts t;
        t.oid = next_oid_++;
        t.schema = schema;
        t.schema_name = schema_facts(schema).name;
        t.name = name;
        t.relkind = relkind;
        t.in_scope = in_scope;
        t.priv = owned(owner, bits::kTableAll);
        int attnum = 0;
        for (auto& c : columns) {
            ColumnFacts col;
            col.attnum = ++attnum;
            col.name = std::move(c);
            col.type = 23; // int4
            col.priv.owner = owner;
            col.priv.owner_name = t.priv.owner_name;
            t.columns.push_back(std::move(col));
        }
        if (in_scope)
            cat_.table_order.push_back(t.oid);
        Oid oid = t.oid;
        cat_.tables[oid] = std::move(t);
        return oid;
    }
    // A partition of `parent` (relispartition, never in scope), with the
    // parent's columns; partitions of partitioned tables carry clones of
    // the parent's foreign keys, so referenced tables list them too.
    Oid partition(Oid parent, const std::string& name, char relkind = 'r') {
        const TableFacts p = cat_.tables.at(parent);
        std::vector<std::string> cols;
        for (const auto& c : p.columns)
            cols.push_back(c.name);
        Oid oid = table(p.schema, name, cols, p.priv.owner, relkind, false);
        TableFacts& t = cat_.tables.at(oid);
        t.is_partition = true;
        t.columns = p.columns;
        cat_.tables.at(parent).partitions.push_back(oid);
        for (const auto& fk : p.foreign_keys)
            cat_.tables.at(fk.referenced_table).referenced_by.push_back(oid);
        return oid;
    }
    TableFacts& table_facts(Oid oid) { return cat_.tables.at(oid); }
    Privileges& table_priv(Oid oid) { return cat_.tables.at(oid).priv; }
    ColumnFacts& column(Oid table, int attnum) {
        for (auto& c : cat_.tables.at(table).columns)
            if (c.attnum == attnum)
                return c;
        throw std::out_of_range("no column " + std::to_string(attnum));
    }
    // A column-level grant (pg_attribute.attacl).
    void grant_column(Oid table, int attnum, Oid grantee, AclMode privs) {
        grant(column(table, attnum).priv, grantee, privs);
    }

    // A foreign key from `from` (columns `cols`) to `to`. The foreign key is
    // cloned onto the partitions `from` already has and will get.
    void foreign_key(Oid from, Oid to, std::vector<int> cols, std::string name = "") {
        ForeignKeyFacts fk;
        fk.name = name.empty() ? cat_.tables.at(from).name + "_fkey" : std::move(name);
        fk.referenced_table = to;
        fk.columns = std::move(cols);
        cat_.tables.at(from).foreign_keys.push_back(std::move(fk));
        std::vector<Oid> stack{from};
        while (!stack.empty()) {
            Oid t = stack.back();
            stack.pop_back();
            auto& by = cat_.tables.at(to).referenced_by;
            if (std::find(by.begin(), by.end(), t) == by.end())
                by.push_back(t);
            for (Oid p : cat_.tables.at(t).partitions)
                stack.push_back(p);
        }
    }

    // A sequence; `owned_by_table` links it to a column (serial or identity),
    // which also makes the table use it.
    Oid sequence(Oid schema, const std::string& name, Oid owner = kOwner,
                 Oid owned_by_table = kInvalidOid, int owned_by_column = 0, bool identity = false) {
        SequenceFacts s;
        s.oid = next_oid_++;
        s.schema = schema;
        s.schema_name = schema_facts(schema).name;
        s.name = name;
        s.priv = owned(owner, bits::kSequenceAll);
        s.owned_by_table = owned_by_table;
        s.owned_by_column = owned_by_column;
        s.identity = identity;
        Oid oid = s.oid;
        cat_.sequences[oid] = std::move(s);
        if (cat_.tables.count(owned_by_table)) { // a table outside the catalog keeps no list
            Catalog::link_sequence(cat_.tables.at(owned_by_table), oid);
            if (identity && column(owned_by_table, owned_by_column).identity == '\0')
                column(owned_by_table, owned_by_column).identity = 'd';
        }
        return oid;
    }
    // A serial column's sequence, owned like its table and linked to it;
    // the column's default calls nextval on it.
    Oid serial(Oid table, int attnum) {
        const TableFacts& t = cat_.tables.at(table);
        std::string name = t.name + "_" + column(table, attnum).name + "_seq";
        Oid q = sequence(t.schema, name, t.priv.owner, table, attnum);
        uses_sequence(table, q, attnum);
        return q;
    }
    // Column `attnum`'s default calls nextval on the sequence.
    void uses_sequence(Oid table, Oid seq, int attnum) {
        if (!cat_.sequences.count(seq))
            return;
        Catalog::link_sequence(cat_.tables.at(table), seq);
        ColumnFacts& c = column(table, attnum);
        c.has_default = true;
        if (std::find(c.default_sequences.begin(), c.default_sequences.end(), seq) ==
            c.default_sequences.end())
            c.default_sequences.push_back(seq);
    }
    SequenceFacts& sequence_facts(Oid oid) { return cat_.sequences.at(oid); }
    // plpgsql, owned by the bootstrap superuser; PUBLIC has USAGE unless
    // public_usage is false.
    LanguageFacts& plpgsql(bool public_usage = true) {
        cat_.plpgsql.exists = true;
        cat_.plpgsql.name = "plpgsql";
        cat_.plpgsql.priv = owned(kOwner, priv::kUsage);
        if (public_usage)
            grant(cat_.plpgsql.priv, kPublicGrantee, priv::kUsage);
        return cat_.plpgsql;
    }
    Privileges& sequence_priv(Oid oid) { return cat_.sequences.at(oid).priv; }

    // A function; PUBLIC has EXECUTE unless public_execute is false.
    Oid function(Oid schema, const std::string& name, const std::string& arguments,
                 Oid owner = kOwner, bool public_execute = true) {
        FunctionFacts f;
        f.oid = next_oid_++;
        f.schema = schema;
        f.schema_name = schema == kInvalidOid ? "pg_catalog" : schema_facts(schema).name;
        f.name = name;
        f.arguments = arguments;
        f.priv = owned(owner, bits::kFunctionAll);
        if (public_execute)
            grant(f.priv, kPublicGrantee, priv::kExecute);
        Oid oid = f.oid;
        cat_.functions[oid] = std::move(f);
        return oid;
    }
    FunctionFacts& function_facts(Oid oid) { return cat_.functions.at(oid); }
    Privileges& function_priv(Oid oid) { return cat_.functions.at(oid).priv; }

    // A user-defined type; PUBLIC has USAGE unless public_usage is false.
    Oid type(Oid schema, const std::string& name, Oid owner = kOwner, bool public_usage = true) {
        TypeFacts t;
        t.oid = next_oid_++;
        t.schema = schema;
        t.schema_name = schema_facts(schema).name;
        t.name = name;
        t.priv = owned(owner, bits::kTypeAll);
        if (public_usage)
            grant(t.priv, kPublicGrantee, priv::kUsage);
        Oid oid = t.oid;
        cat_.types[oid] = std::move(t);
        return oid;
    }
    Privileges& type_priv(Oid oid) { return cat_.types.at(oid).priv; }

    // A policy that applies to the role, with no expressions yet.
    PolicyFacts& policy(Oid table, const std::string& name, char command, bool permissive = true) {
        PolicyFacts p;
        p.name = name;
        p.command = command;
        p.permissive = permissive;
        p.applies = true;
        auto& list = cat_.tables.at(table).policies;
        list.push_back(std::move(p));
        return list.back();
    }
    // USING (true) / WITH CHECK (true)
    static ExpressionFacts constant_true() {
        ExpressionFacts e;
        e.is_true = e.constant = true;
        return e;
    }
    // An expression over the row's columns (data-dependent).
    static ExpressionFacts over_columns() {
        ExpressionFacts e;
        e.constant = false;
        return e;
    }
    static PolicyFacts& using_true(PolicyFacts& p) {
        p.using_expr = constant_true();
        return p;
    }
    static PolicyFacts& check_true(PolicyFacts& p) {
        p.check_expr = constant_true();
        return p;
    }
    // USING (f(col)) / WITH CHECK (f(col)): data-dependent, calls the function.
    static PolicyFacts& using_call(PolicyFacts& p, Oid fn) {
        if (!p.using_expr)
            p.using_expr = over_columns();
        p.using_expr->functions.push_back(fn);
        return p;
    }
    static PolicyFacts& check_call(PolicyFacts& p, Oid fn) {
        if (!p.check_expr)
            p.check_expr = over_columns();
        p.check_expr->functions.push_back(fn);
        return p;
    }
    void enable_rls(Oid table, bool force = false) {
        cat_.tables.at(table).rls_enabled = true;
        cat_.tables.at(table).rls_forced = force;
    }

    void trigger(Oid table, const std::string& name, unsigned events, Oid fn) {
        cat_.tables.at(table).triggers.push_back(TriggerFacts{name, events, fn});
    }

    Catalog& raw() { return cat_; }

    // The facts as PostgreSQL would report them.
    Catalog build() const {
        Catalog c = cat_;
        const RoleFacts& r = c.role;
        c.database.priv.held = held(r, c.database.priv, bits::kDatabaseAll, Kind::Plain);
        for (auto& s : c.schemas)
            if (s.exists)
                s.priv.held = held(r, s.priv, bits::kSchemaAll, Kind::Schema);
        for (auto& [oid, s] : c.other_schemas)
            s.priv.held = held(r, s.priv, bits::kSchemaAll, Kind::Schema);
        for (auto& [oid, t] : c.tables) {
            t.priv.held = held(r, t.priv, bits::kTableAll, Kind::Relation);
            for (auto& col : t.columns)
                col.priv.held = col.priv.acl.empty() ? 0 : mask(r.oid, r, col.priv);
        }
        for (auto& [oid, t] : c.tables)
            for (auto& fk : t.foreign_keys) {
                const TableFacts& rt = c.tables.at(fk.referenced_table);
                const Oid owner = rt.priv.owner;
                fk.referenced_owner_name = rt.priv.owner_name;
                fk.referenced_owner_table_held = owner_mask(owner, rt.priv);
                const SchemaFacts* s = c.schema(rt.schema);
                fk.referenced_owner_schema_usage =
                    s && (owner_mask(owner, s->priv) & priv::kUsage) != 0;
            }
        for (auto& [oid, s] : c.sequences)
            s.priv.held = held(r, s.priv, bits::kSequenceAll, Kind::Relation);
        for (auto& [oid, f] : c.functions)
            f.priv.held = held(r, f.priv, bits::kFunctionAll, Kind::Plain);
        for (auto& [oid, t] : c.types)
            t.priv.held = held(r, t.priv, bits::kTypeAll, Kind::Plain);
        if (c.plpgsql.exists)
            c.plpgsql.priv.held = held(r, c.plpgsql.priv, priv::kUsage, Kind::Plain);
        return c;
    }

  private:
    enum class Kind { Plain, Schema, Relation };

    static bool has_privs_of(const RoleFacts& r, Oid role) { return r.privs_of.count(role) > 0; }
    // aclmask(): the union of the items for the role, PUBLIC and the roles
    // it has the privileges of.
    static AclMode mask(Oid role, const RoleFacts& r, const Privileges& p) {
        AclMode out = 0;
        for (const auto& e : p.acl)
            if (e.grantee == role || e.grantee == kPublicGrantee || has_privs_of(r, e.grantee))
                out |= e.privs;
        return out;
    }
    // What a referenced table's owner holds (it is not the checked role):
    // its own items and PUBLIC's.
    static AclMode owner_mask(Oid owner, const Privileges& p) {
        AclMode out = 0;
        for (const auto& e : p.acl)
            if (e.grantee == owner || e.grantee == kPublicGrantee)
                out |= e.privs;
        return out;
    }
    // pg_class_aclmask / pg_namespace_aclmask / the rest (acl_mask.cpp).
    static AclMode held(const RoleFacts& r, const Privileges& p, AclMode all, Kind kind) {
        if (r.superuser)
            return all;
        AclMode out = mask(r.oid, r, p) & all;
        const bool reads = has_privs_of(r, kPgReadAllData);
        const bool writes = has_privs_of(r, kPgWriteAllData);
        const AclMode iud = priv::kInsert | priv::kUpdate | priv::kDelete;
        if (kind == Kind::Relation) {
            if (reads)
                out |= priv::kSelect & all;
            if (writes && !(out & iud))
                out |= iud & all;
        } else if (kind == Kind::Schema && (reads || writes)) {
            out |= priv::kUsage;
        }
        return out;
    }

    Catalog cat_;
    std::map<Oid, std::string> names_;
    Oid next_oid_ = 30000;
};

// --- rows -------------------------------------------------------------------

inline std::string describe(const Row& r) {
    std::ostringstream o;
    o << r.object_type << " " << r.schema_name.value_or("-") << " " << r.object_name;
    if (r.column_name)
        o << "(" << *r.column_name << ")";
    o << " " << r.privilege << " [" << r.needed_for << "] " << status_name(r.status)
      << " via=" << r.via.value_or("-") << " fix=" << r.fix.value_or("-");
    return o.str();
}

inline std::string describe(const Rows& rows) {
    std::string out;
    for (const auto& r : rows)
        out += "  " + describe(r) + "\n";
    return out;
}

// Rows matching every given field; empty strings match anything.
inline std::vector<Row> rows_where(const Rows& rows, const std::string& type,
                                   const std::string& name, const std::string& privilege = "",
                                   const std::string& step = "") {
    std::vector<Row> out;
    for (const auto& r : rows)
        if ((type.empty() || r.object_type == type) && (name.empty() || r.object_name == name) &&
            (privilege.empty() || r.privilege == privilege) &&
            (step.empty() || r.needed_for == step))
            out.push_back(r);
    return out;
}

// The one row matching; throws (failing the test) with every row listed otherwise.
inline Row only_row(const Rows& rows, const std::string& type, const std::string& name,
                    const std::string& privilege, const std::string& step) {
    auto found = rows_where(rows, type, name, privilege, step);
    if (found.size() != 1)
        throw std::runtime_error("expected exactly one row " + type + " " + name + " " + privilege +
                                 " [" + step + "], found " + std::to_string(found.size()) +
                                 " among:\n" + describe(rows));
    return found.front();
}

// The one column row of table `name`, column `column`.
inline Row column_row(const Rows& rows, const std::string& name, const std::string& column,
                      const std::string& privilege, const std::string& step) {
    std::vector<Row> found;
    for (const auto& r : rows_where(rows, "column", name, privilege, step))
        if (r.column_name == column)
            found.push_back(r);
    if (found.size() != 1)
        throw std::runtime_error("expected exactly one column row " + name + "(" + column + ") " +
                                 privilege + " [" + step + "], found " +
                                 std::to_string(found.size()) + " among:\n" + describe(rows));
    return found.front();
}

inline std::vector<Row> with_status(const Rows& rows, Status s) {
    std::vector<Row> out;
    for (const auto& r : rows)
        if (r.status == s)
            out.push_back(r);
    return out;
}

// Every fix carries the order it was made with; rows read back over the
// wire recover it from the text (fix_order_of), so the two must agree.
inline Rows with_fix_orders_checked(Rows rows) {
    for (const auto& r : rows)
        if (r.fix && (!r.fix_order || fix_order_of(*r.fix) != *r.fix_order))
            ADD_FAILURE() << "fix made with order "
                          << (r.fix_order ? static_cast<int>(*r.fix_order) : -1)
                          << " reads back as " << static_cast<int>(fix_order_of(*r.fix)) << ": "
                          << *r.fix;
    return rows;
}

inline Rows check_source(const Catalog& c, JobOptions o = JobOptions{}) {
    return with_fix_orders_checked(check(c, Job::Source, o));
}
// A source job that also reads sequences (read_sequences).
inline Rows check_source_and_sequences(const Catalog& c) {
    return check_source(c, JobOptions{.read_sequences = true});
}
inline Rows check_destination(const Catalog& c, JobOptions o = JobOptions{}) {
    return with_fix_orders_checked(check(c, Job::Destination, o));
}

} // namespace preflight::testing
