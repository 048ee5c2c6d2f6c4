#include "catalog_facts.hpp"

#include "node_tree.hpp"
#include "query.hpp"

#include "../../core/errors.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace preflight::client {

namespace {

// Every query names catalog objects with pg_catalog. and takes the role's
// oid as $1; has_*_privilege and pg_has_role are PostgreSQL's own decisions.

// "grantee:PRIVILEGE" items of an object's effective ACL.
constexpr const char* kAclItems =
    "pg_catalog.array(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type FROM pg_catalog.aclexplode(%s) a)";

std::string acl_items(const std::string& acl) {
    std::string out = kAclItems;
    out.replace(out.find("%s"), 2, acl);
    // pg_catalog.array is not a function: ARRAY(...) is syntax.
    out.replace(0, std::string("pg_catalog.array").size(), "ARRAY");
    return out;
}

AclMode privilege_bit(const std::string& name) {
    static const std::map<std::string, AclMode> bits = {
        {"INSERT", priv::kInsert},       {"SELECT", priv::kSelect},
        {"UPDATE", priv::kUpdate},       {"DELETE", priv::kDelete},
        {"TRUNCATE", priv::kTruncate},   {"REFERENCES", priv::kReferences},
        {"TRIGGER", priv::kTrigger},     {"EXECUTE", priv::kExecute},
        {"USAGE", priv::kUsage},         {"CREATE", priv::kCreate},
        {"TEMPORARY", priv::kTemporary}, {"CONNECT", priv::kConnect},
    };
    auto it = bits.find(name);
    return it == bits.end() ? 0 : it->second;
}

// aclexplode lists one row per grantee and privilege; the backend keeps one
// entry per ACL item (grantee and grantor). Merge per grantee, first-seen
// order, which is what explain() reads.
std::vector<AclEntry> parse_acl(const std::vector<std::string>& items) {
    std::vector<AclEntry> out;
    for (const auto& item : items) {
        auto colon = item.find(':');
        if (colon == std::string::npos)
            continue;
        Oid grantee = static_cast<Oid>(std::stoul(item.substr(0, colon)));
        AclMode bit = privilege_bit(item.substr(colon + 1));
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const AclEntry& e) { return e.grantee == grantee; });
        if (it == out.end())
            out.push_back(AclEntry{grantee, bit});
        else
            it->privs |= bit;
    }
    return out;
}

// A held mask from boolean columns, in the order of `bits`.
AclMode held_bits(const QueryResult& r, int row, int first, const std::vector<AclMode>& bits) {
    AclMode held = 0;
    for (std::size_t i = 0; i < bits.size(); ++i)
        if (r.boolean(row, first + static_cast<int>(i)))
            held |= bits[i];
    return held;
}

std::string oid_text(Oid oid) {
    return std::to_string(oid);
}

const std::string kSystemSchema =
    "(n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema')";

class Loader {
  public:
    Loader(PGconn* conn, const CatalogRequest& request) : conn_(conn), req_(request) {}

    Catalog load() {
        phase("reading roles and memberships");
        load_role();
        load_database();
        load_schemas();
        cat_.index_schemas();
        phase("reading tables and sequences");
        load_relations();
        phase("reading columns and defaults");
        load_columns();
        load_defaults();
        load_sequence_links();
        if (req_.write_details) {
            phase("reading constraints, indexes, policies and triggers");
            load_constraints();
            load_domains();
            load_indexes();
        } else {
            phase("reading policies");
        }
        load_policies();
        if (req_.write_details)
            load_triggers();
        phase("reading functions and types");
        load_functions();
        if (req_.types)
            load_types();
        return std::move(cat_);
    }

  private:
    void phase(const std::string& what) const {
        if (req_.progress)
            req_.progress(what);
    }

    Privileges privileges(Oid owner, const std::vector<std::string>& acl, AclMode held) {
        Privileges p;
        p.owner = owner;
        p.owner_name = role_name(owner);
        p.acl = parse_acl(acl);
        p.held = held;
        return p;
    }

    std::string role_name(Oid oid) const {
        auto it = names_.find(oid);
        return it == names_.end() ? "oid " + std::to_string(oid) : it->second;
    }

    TableFacts* table(Oid oid) {
        auto it = cat_.tables.find(oid);
        return it == cat_.tables.end() ? nullptr : &it->second;
    }

    void load_role() {
        QueryResult r =
            query(conn_,
                  "SELECT r.oid, r.rolname, r.rolsuper, r.rolcanlogin, r.rolbypassrls "
                  "FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) $1",
                  {req_.role});
        if (r.rows() != 1)
            throw UserError(UserError::Kind::UndefinedObject,
                            "role \"" + req_.role + "\" does not exist",
                            "Check the role's name (names are case-sensitive).");
        RoleFacts& role = cat_.role;
        role.oid = static_cast<Oid>(r.number(0, 0));
        role.name = r.text(0, 1);
        role.superuser = r.boolean(0, 2);
        role.login = r.boolean(0, 3);
        role.bypassrls = r.boolean(0, 4);
        oid_ = oid_text(role.oid);
        QueryResult all =
            query(conn_,
                  "SELECT r.oid, r.rolname, "
                  "CASE WHEN $2 THEN false ELSE pg_catalog.pg_has_role($1::pg_catalog.oid, r.oid, "
                  "'USAGE') END, "
                  "CASE WHEN $2 THEN false ELSE pg_catalog.pg_has_role($1::pg_catalog.oid, r.oid, "
                  "'MEMBER') END "
                  "FROM pg_catalog.pg_roles r",
                  {oid_, role.superuser ? "true" : "false"});
        for (int i = 0; i < all.rows(); ++i) {
            Oid oid = static_cast<Oid>(all.number(i, 0));
            names_[oid] = all.text(i, 1);
            if (oid == role.oid || role.superuser)
                continue;
            if (all.boolean(i, 2))
                role.privs_of[oid] = Membership{all.text(i, 1), oid < 16384};
            else if (all.boolean(i, 3))
                role.noinherit_member_of[oid] = all.text(i, 1);
        }
    }

    void load_database() {
        QueryResult r =
            query(conn_,
                  "SELECT d.datname, d.datdba, " +
                      acl_items("COALESCE(d.datacl, pg_catalog.acldefault('d', d.datdba))") +
                      ", pg_catalog.has_database_privilege($1::pg_catalog.oid, d.oid, 'CREATE'), "
                      "pg_catalog.has_database_privilege($1::pg_catalog.oid, d.oid, 'TEMPORARY'), "
                      "pg_catalog.has_database_privilege($1::pg_catalog.oid, d.oid, 'CONNECT') "
                      "FROM pg_catalog.pg_database d "
                      "WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()",
                  {oid_});
        cat_.database.name = r.text(0, 0);
        cat_.database.priv =
            privileges(static_cast<Oid>(r.number(0, 1)), r.text_array(0, 2),
                       held_bits(r, 0, 3, {priv::kCreate, priv::kTemporary, priv::kConnect}));
    }

    void load_schemas() {
        QueryResult r =
            query(conn_,
                  "SELECT n.oid, n.nspname, n.nspowner, " +
                      acl_items("COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))") +
                      ", pg_catalog.has_schema_privilege($1::pg_catalog.oid, n.oid, 'USAGE'), "
                      "pg_catalog.has_schema_privilege($1::pg_catalog.oid, n.oid, 'CREATE') "
                      "FROM pg_catalog.pg_namespace n WHERE NOT " +
                      kSystemSchema + " ORDER BY n.nspname COLLATE \"C\"",
                  {oid_});
        std::set<std::string> wanted;
        if (req_.schemas)
            wanted.insert(req_.schemas->begin(), req_.schemas->end());
        std::set<std::string> found;
        for (int i = 0; i < r.rows(); ++i) {
            SchemaFacts s;
            s.oid = static_cast<Oid>(r.number(i, 0));
            s.name = r.text(i, 1);
            s.priv = privileges(static_cast<Oid>(r.number(i, 2)), r.text_array(i, 3),
                                held_bits(r, i, 4, {priv::kUsage, priv::kCreate}));
            const bool in_scope = req_.schemas ? wanted.count(s.name) > 0
                                               : !(req_.own_schema && s.name == *req_.own_schema);
            if (in_scope) {
                found.insert(s.name);
                scope_.insert(s.oid);
                cat_.schemas.push_back(std::move(s));
            } else {
                cat_.other_schemas[s.oid] = std::move(s);
            }
        }
        for (const auto& name : wanted)
            if (!found.count(name)) {
                SchemaFacts absent;
                absent.name = name;
                absent.exists = false;
                cat_.schemas.push_back(absent);
            }
        std::sort(cat_.schemas.begin(), cat_.schemas.end(),
                  [](const SchemaFacts& a, const SchemaFacts& b) { return a.name < b.name; });
    }

    void load_relations() {
        QueryResult r = query(
            conn_,
            "SELECT c.oid, c.relnamespace, c.relname, c.relkind, c.relispartition, "
            "c.relrowsecurity, c.relforcerowsecurity, c.relowner, " +
                acl_items("COALESCE(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind "
                          "OPERATOR(pg_catalog.=) 'S' THEN 's'::pg_catalog.\"char\" ELSE "
                          "'r'::pg_catalog.\"char\" END, c.relowner))") +
                ", CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN "
                "pg_catalog.has_sequence_privilege($1::pg_catalog.oid, c.oid, 'USAGE') ELSE "
                "false END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN "
                "pg_catalog.has_sequence_privilege($1::pg_catalog.oid, c.oid, 'SELECT') ELSE "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'SELECT') END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN "
                "pg_catalog.has_sequence_privilege($1::pg_catalog.oid, c.oid, 'UPDATE') ELSE "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'UPDATE') END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'INSERT') END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'DELETE') END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'TRUNCATE') END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'REFERENCES') END, "
                "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
                "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'TRIGGER') END "
                "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid "
                "OPERATOR(pg_catalog.=) c.relnamespace "
                "WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,S}') AND NOT " +
                kSystemSchema,
            {oid_});
        for (int i = 0; i < r.rows(); ++i) {
            const Oid nsp = static_cast<Oid>(r.number(i, 1));
            const SchemaFacts* schema = cat_.schema(nsp);
            if (!schema)
                continue;
            const char kind = r.text(i, 3)[0];
            const Oid owner = static_cast<Oid>(r.number(i, 7));
            const auto acl = r.text_array(i, 8);
            if (kind == 'S') {
                SequenceFacts q;
                q.oid = static_cast<Oid>(r.number(i, 0));
                q.schema = nsp;
                q.schema_name = schema->name;
                q.name = r.text(i, 2);
                q.priv = privileges(
                    owner, acl, held_bits(r, i, 9, {priv::kUsage, priv::kSelect, priv::kUpdate}));
                cat_.sequences.emplace(q.oid, std::move(q));
                continue;
            }
            TableFacts t;
            t.oid = static_cast<Oid>(r.number(i, 0));
            t.schema = nsp;
            t.schema_name = schema->name;
            t.name = r.text(i, 2);
            t.relkind = kind;
            t.is_partition = r.boolean(i, 4);
            t.in_scope = scope_.count(nsp) > 0 && !t.is_partition;
            t.rls_enabled = r.boolean(i, 5);
            t.rls_forced = r.boolean(i, 6);
            t.priv =
                privileges(owner, acl,
                           held_bits(r, i, 10,
                                     {priv::kSelect, priv::kUpdate, priv::kInsert, priv::kDelete,
                                      priv::kTruncate, priv::kReferences, priv::kTrigger}));
            cat_.tables.emplace(t.oid, std::move(t));
        }
        for (const auto& [oid, t] : cat_.tables)
            if (t.in_scope)
                cat_.table_order.push_back(oid);
        std::sort(cat_.table_order.begin(), cat_.table_order.end(), [&](Oid a, Oid b) {
            const auto& ta = cat_.tables.at(a);
            const auto& tb = cat_.tables.at(b);
            return ta.schema_name != tb.schema_name ? ta.schema_name < tb.schema_name
                                                    : ta.name < tb.name;
        });
        QueryResult inh =
            query(conn_, "SELECT i.inhrelid, i.inhparent FROM pg_catalog.pg_inherits i");
        for (int i = 0; i < inh.rows(); ++i) {
            auto* parent = table(static_cast<Oid>(inh.number(i, 1)));
            auto* child = table(static_cast<Oid>(inh.number(i, 0)));
            if (parent && child && child->is_partition)
                parent->partitions.push_back(child->oid);
        }
    }

    // Only the in-scope tables' rows are asked for: $2 is their oids.
    std::string scope_oids() const {
        std::vector<std::string> oids;
        for (Oid oid : cat_.table_order)
            oids.push_back(oid_text(oid));
        return array_literal(oids);
    }

    void load_columns() {
        QueryResult r = query(
            conn_,
            "SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.attgenerated, a.attidentity, "
            "a.attnotnull, a.attacl IS NULL, " +
                acl_items("a.attacl") +
                ", pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
                "'SELECT'), "
                "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
                "'INSERT'), "
                "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
                "'UPDATE'), "
                "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
                "'REFERENCES') "
                "FROM pg_catalog.pg_attribute a "
                "WHERE a.attrelid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) "
                "AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
                "ORDER BY a.attrelid, a.attnum",
            {oid_, scope_oids()});
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, 0)));
            if (!t)
                continue;
            ColumnFacts c;
            c.attnum = static_cast<int>(r.number(i, 1));
            c.name = r.text(i, 2);
            c.type = static_cast<Oid>(r.number(i, 3));
            c.generated = r.text(i, 4) == "s";
            const std::string identity = r.text(i, 5);
            c.identity = identity.empty() ? '\0' : identity[0];
            c.not_null = r.boolean(i, 6);
            const AclMode held = held_bits(
                r, i, 9, {priv::kSelect, priv::kInsert, priv::kUpdate, priv::kReferences});
            c.priv = privileges(t->priv.owner, r.text_array(i, 8), held);
            if (req_.types && c.type >= 16384)
                wanted_types_.insert(c.type);
            t->columns.push_back(std::move(c));
        }
    }

    void add_sequence(Oid table_oid, Oid sequence) {
        auto t = cat_.tables.find(table_oid);
        if (t != cat_.tables.end() && cat_.sequences.count(sequence))
            Catalog::link_sequence(t->second, sequence);
    }

    void want(const std::vector<Oid>& functions) {
        wanted_functions_.insert(functions.begin(), functions.end());
    }

    void load_defaults() {
        QueryResult r = query(conn_,
                              "SELECT d.adrelid, d.adnum, d.adbin::pg_catalog.text "
                              "FROM pg_catalog.pg_attrdef d "
                              "WHERE d.adrelid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])",
                              {scope_oids()});
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, 0)));
            if (!t)
                continue;
            ExpressionFacts e = parse_node_tree(r.text(i, 2));
            for (Oid q : e.nextval_sequences)
                add_sequence(t->oid, q);
            const int attnum = static_cast<int>(r.number(i, 1));
            for (auto& c : t->columns)
                if (c.attnum == attnum && c.generated) {
                    c.generation_funcs = e.functions;
                    want(e.functions);
                }
        }
    }

    void load_sequence_links() {
        QueryResult r = query(
            conn_,
            "SELECT d.objid, d.refobjid, d.refobjsubid, d.deptype FROM pg_catalog.pg_depend d "
            "WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
            "AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
            "AND d.deptype OPERATOR(pg_catalog.=) ANY ('{a,i}') "
            "AND d.refobjsubid OPERATOR(pg_catalog.>) 0");
        for (int i = 0; i < r.rows(); ++i) {
            auto q = cat_.sequences.find(static_cast<Oid>(r.number(i, 0)));
            const Oid owner_table = static_cast<Oid>(r.number(i, 1));
            if (q == cat_.sequences.end() || !table(owner_table))
                continue;
            q->second.owned_by_table = owner_table;
            q->second.owned_by_column = static_cast<int>(r.number(i, 2));
            q->second.identity = r.text(i, 3) == "i";
            add_sequence(owner_table, q->first);
        }
        cat_.sort_table_sequences();
    }

    void load_constraints() {
        QueryResult r = query(
            conn_, "SELECT c.conrelid, c.confrelid, c.contype, c.conname, c.conparentid, "
                   "c.conkey::pg_catalog.text[], c.conbin::pg_catalog.text, "
                   "ro.rolname, "
                   "pg_catalog.has_table_privilege(rc.relowner, rc.oid, 'SELECT'), "
                   "pg_catalog.has_table_privilege(rc.relowner, rc.oid, 'UPDATE'), "
                   "pg_catalog.has_schema_privilege(rc.relowner, rc.relnamespace, 'USAGE') "
                   "FROM pg_catalog.pg_constraint c "
                   "LEFT JOIN pg_catalog.pg_class rc ON rc.oid OPERATOR(pg_catalog.=) c.confrelid "
                   "LEFT JOIN pg_catalog.pg_roles ro ON ro.oid OPERATOR(pg_catalog.=) rc.relowner "
                   "WHERE c.contype OPERATOR(pg_catalog.=) ANY ('{f,c}') AND c.conrelid "
                   "OPERATOR(pg_catalog.<>) 0 "
                   "ORDER BY c.conname COLLATE \"C\"");
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, 0)));
            if (!t)
                continue;
            const std::string type = r.text(i, 2);
            if (type == "f") {
                TableFacts* referenced = table(static_cast<Oid>(r.number(i, 1)));
                if (!referenced)
                    continue;
                auto& by = referenced->referenced_by;
                if (std::find(by.begin(), by.end(), t->oid) == by.end())
                    by.push_back(t->oid);
                if (!t->in_scope || r.number(i, 4) != 0)
                    continue;
                ForeignKeyFacts fk;
                fk.name = r.text(i, 3);
                fk.referenced_table = referenced->oid;
                for (const auto& a : r.text_array(i, 5))
                    fk.columns.push_back(std::stoi(a));
                fk.referenced_owner_name = referenced->priv.owner_name;
                fk.referenced_owner_table_held =
                    (r.boolean(i, 8) ? priv::kSelect : 0u) | (r.boolean(i, 9) ? priv::kUpdate : 0u);
                fk.referenced_owner_schema_usage = r.boolean(i, 10);
                t->foreign_keys.push_back(std::move(fk));
            } else if (!r.null(i, 6)) {
                ExpressionFacts e = parse_node_tree(r.text(i, 6));
                for (Oid f : e.functions)
                    if (std::find(t->check_funcs.begin(), t->check_funcs.end(), f) ==
                        t->check_funcs.end())
                        t->check_funcs.push_back(f);
                want(e.functions);
            }
        }
        for (auto& [oid, t] : cat_.tables)
            std::sort(t.check_funcs.begin(), t.check_funcs.end());
    }

    // Columns of domain types: the functions of every CHECK along the
    // domain's chain of base types, sorted, as the extension lists them.
    void load_domains() {
        std::set<std::string> types;
        for (Oid oid : cat_.table_order)
            for (const auto& c : cat_.tables.at(oid).columns)
                if (c.type >= 16384)
                    types.insert(oid_text(c.type));
        if (types.empty())
            return;
        QueryResult r =
            query(conn_,
                  "WITH RECURSIVE chain(column_type, domain) AS ("
                  " SELECT t.oid, t.oid FROM pg_catalog.pg_type t"
                  " WHERE t.oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])"
                  " AND t.typtype OPERATOR(pg_catalog.=) 'd'"
                  " UNION ALL"
                  " SELECT c.column_type, b.oid FROM chain c"
                  " JOIN pg_catalog.pg_type d ON d.oid OPERATOR(pg_catalog.=) c.domain"
                  " JOIN pg_catalog.pg_type b ON b.oid OPERATOR(pg_catalog.=) d.typbasetype"
                  " WHERE b.typtype OPERATOR(pg_catalog.=) 'd')"
                  " SELECT c.column_type, k.conbin::pg_catalog.text FROM chain c"
                  " JOIN pg_catalog.pg_constraint k ON k.contypid OPERATOR(pg_catalog.=) c.domain"
                  " AND k.contype OPERATOR(pg_catalog.=) 'c' WHERE k.conbin IS NOT NULL",
                  {array_literal(std::vector<std::string>(types.begin(), types.end()))});
        std::map<Oid, std::vector<Oid>> by_type;
        for (int i = 0; i < r.rows(); ++i) {
            ExpressionFacts e = parse_node_tree(r.text(i, 1));
            auto& list = by_type[static_cast<Oid>(r.number(i, 0))];
            list.insert(list.end(), e.functions.begin(), e.functions.end());
        }
        for (auto& [type, list] : by_type) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
        for (Oid oid : cat_.table_order)
            for (auto& c : cat_.tables.at(oid).columns) {
                auto it = by_type.find(c.type);
                if (it == by_type.end())
                    continue;
                c.domain_funcs = it->second;
                want(c.domain_funcs);
            }
    }

    void load_indexes() {
        QueryResult r = query(
            conn_,
            "SELECT i.indrelid, i.indisprimary, i.indkey::pg_catalog.int2[]::pg_catalog.text[], "
            "i.indnkeyatts FROM pg_catalog.pg_index i "
            "WHERE i.indrelid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[]) "
            "AND i.indisunique AND i.indimmediate AND i.indisvalid "
            "AND i.indexprs IS NULL AND i.indpred IS NULL",
            {scope_oids()});
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, 0)));
            if (!t)
                continue;
            std::vector<int> cols;
            const auto keys = r.text_array(i, 2);
            const std::size_t n = std::min<std::size_t>(keys.size(), r.number(i, 3));
            for (std::size_t k = 0; k < n; ++k)
                cols.push_back(std::stoi(keys[k]));
            if (r.boolean(i, 1))
                t->primary_key = cols;
            else
                t->unique_keys.push_back(cols);
        }
        for (auto& [oid, t] : cat_.tables)
            std::sort(t.unique_keys.begin(), t.unique_keys.end());
    }

    void load_policies() {
        QueryResult r = query(
            conn_,
            "SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive, "
            "EXISTS (SELECT 1 FROM pg_catalog.unnest(p.polroles) AS u(r) WHERE CASE WHEN u.r "
            "OPERATOR(pg_catalog.=) 0 THEN true ELSE pg_catalog.pg_has_role($1::pg_catalog.oid, "
            "u.r, 'USAGE') END), "
            "p.polqual::pg_catalog.text, p.polwithcheck::pg_catalog.text "
            "FROM pg_catalog.pg_policy p "
            "WHERE p.polrelid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) "
            "ORDER BY p.polname COLLATE \"C\"",
            {oid_, scope_oids()});
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, 0)));
            if (!t)
                continue;
            PolicyFacts p;
            p.name = r.text(i, 1);
            p.command = r.text(i, 2)[0];
            p.permissive = r.boolean(i, 3);
            p.applies = r.boolean(i, 4) || cat_.role.superuser;
            if (!r.null(i, 5)) {
                p.using_expr = parse_node_tree(r.text(i, 5));
                want(p.using_expr->functions);
            }
            if (!r.null(i, 6)) {
                p.check_expr = parse_node_tree(r.text(i, 6));
                want(p.check_expr->functions);
            }
            t->policies.push_back(std::move(p));
        }
    }

    void load_triggers() {
        QueryResult r = query(
            conn_, "SELECT t.tgrelid, t.tgname, t.tgtype, t.tgfoid FROM pg_catalog.pg_trigger t "
                   "WHERE NOT t.tgisinternal AND t.tgenabled OPERATOR(pg_catalog.=) ANY ('{O,A}') "
                   "ORDER BY t.tgname COLLATE \"C\"");
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, 0)));
            if (!t)
                continue;
            TriggerFacts tg;
            tg.name = r.text(i, 1);
            const unsigned long type = r.number(i, 2);
            // TRIGGER_TYPE_* bits of pg_trigger.h
            if (type & (1u << 2))
                tg.events |= trigger_event::kInsert;
            if (type & (1u << 3))
                tg.events |= trigger_event::kDelete;
            if (type & (1u << 4))
                tg.events |= trigger_event::kUpdate;
            if (type & (1u << 5))
                tg.events |= trigger_event::kTruncate;
            tg.function = static_cast<Oid>(r.number(i, 3));
            wanted_functions_.insert(tg.function);
            t->triggers.push_back(std::move(tg));
        }
    }

    void load_functions() {
        if (wanted_functions_.empty())
            return;
        std::vector<std::string> oids;
        for (Oid f : wanted_functions_)
            oids.push_back(oid_text(f));
        QueryResult r = query(
            conn_,
            "SELECT p.oid, p.pronamespace, n.nspname, p.proname, p.prosecdef, p.proowner, " +
                acl_items("COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))") +
                ", pg_catalog.has_function_privilege($1::pg_catalog.oid, p.oid, 'EXECUTE'), "
                "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.format_type(u.t, NULL) "
                "FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS u(t, i) ORDER BY u.i), "
                "', ') "
                "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid "
                "OPERATOR(pg_catalog.=) p.pronamespace "
                "WHERE p.oid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[])",
            {oid_, array_literal(oids)});
        for (int i = 0; i < r.rows(); ++i) {
            FunctionFacts f;
            f.oid = static_cast<Oid>(r.number(i, 0));
            f.schema = static_cast<Oid>(r.number(i, 1));
            f.schema_name = r.text(i, 2);
            f.name = r.text(i, 3);
            f.security_definer = r.boolean(i, 4);
            f.priv = privileges(static_cast<Oid>(r.number(i, 5)), r.text_array(i, 6),
                                r.boolean(i, 7) ? priv::kExecute : 0u);
            f.arguments = r.text(i, 8);
            cat_.functions[f.oid] = std::move(f);
        }
    }

    void load_types() {
        if (wanted_types_.empty())
            return;
        std::vector<std::string> oids;
        for (Oid t : wanted_types_)
            oids.push_back(oid_text(t));
        // pg_type_aclmask: an array type's privileges are its element's.
        QueryResult r = query(
            conn_,
            "SELECT DISTINCT t.oid, t.typnamespace, n.nspname, t.typname, t.typowner, " +
                acl_items("COALESCE(t.typacl, pg_catalog.acldefault('T', t.typowner))") +
                ", pg_catalog.has_type_privilege($1::pg_catalog.oid, t.oid, 'USAGE') "
                "FROM pg_catalog.pg_type w "
                "JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) CASE WHEN "
                "w.typsubscript OPERATOR(pg_catalog.=) "
                "'pg_catalog.array_subscript_handler'::pg_catalog.regproc AND w.typelem "
                "OPERATOR(pg_catalog.<>) 0 THEN w.typelem ELSE w.oid END "
                "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace "
                "WHERE w.oid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) "
                "AND n.nspname OPERATOR(pg_catalog.<>) 'pg_catalog'",
            {oid_, array_literal(oids)});
        for (int i = 0; i < r.rows(); ++i) {
            TypeFacts t;
            t.oid = static_cast<Oid>(r.number(i, 0));
            t.schema = static_cast<Oid>(r.number(i, 1));
            t.schema_name = r.text(i, 2);
            t.name = r.text(i, 3);
            t.priv = privileges(static_cast<Oid>(r.number(i, 4)), r.text_array(i, 5),
                                r.boolean(i, 6) ? priv::kUsage : 0u);
            cat_.types[t.oid] = std::move(t);
        }
    }

    PGconn* conn_;
    const CatalogRequest& req_;
    Catalog cat_;
    std::string oid_;
    std::map<Oid, std::string> names_;
    std::unordered_set<Oid> scope_;
    std::set<Oid> wanted_functions_;
    std::set<Oid> wanted_types_;
};

} // namespace

Catalog load_catalog(PGconn* conn, const CatalogRequest& request) {
    return Loader(conn, request).load();
}

} // namespace preflight::client
