#include "catalog_facts.hpp"

#include "catalog_queries.hpp"
#include "node_tree.hpp"
#include "query.hpp"

#include "../../core/errors.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <unordered_set>
#include <utility>

namespace preflight::client {

namespace {

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

// A held mask from boolean columns: each column's bit where it is true.
AclMode held_bits(const QueryResult& r, int row,
                  std::initializer_list<std::pair<int, AclMode>> bits) {
    AclMode held = 0;
    for (const auto& [column, bit] : bits)
        if (r.boolean(row, column))
            held |= bit;
    return held;
}

std::string oid_text(Oid oid) {
    return std::to_string(oid);
}

class Loader {
  public:
    // The one place the server's version picks the SQL; the steps below
    // read columns by name, whichever set that is.
    Loader(PGconn* conn, const CatalogRequest& request)
        : conn_(conn), req_(request), sql_(catalog_queries(PQserverVersion(conn))) {}

    Catalog load() {
        phase("reading roles and memberships");
        load_role();
        load_database();
        if (req_.languages)
            load_language();
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
        QueryResult r = query(conn_, sql_.role, {req_.role});
        if (r.rows() != 1)
            throw UserError(UserError::Kind::UndefinedObject,
                            "role \"" + req_.role + "\" does not exist",
                            "Check the role's name (names are case-sensitive).");
        const RoleColumns col(r);
        RoleFacts& role = cat_.role;
        role.oid = static_cast<Oid>(r.number(0, col.oid));
        role.name = r.text(0, col.rolname);
        role.superuser = r.boolean(0, col.rolsuper);
        role.login = r.boolean(0, col.rolcanlogin);
        role.bypassrls = r.boolean(0, col.rolbypassrls);
        role.inherit = r.boolean(0, col.rolinherit);
        role.grant_options = PQserverVersion(conn_) >= 160000;
        oid_ = oid_text(role.oid);
        QueryResult all = query(conn_, sql_.roles, {oid_, role.superuser ? "true" : "false"});
        const RolesColumns acol(all);
        for (int i = 0; i < all.rows(); ++i) {
            Oid oid = static_cast<Oid>(all.number(i, acol.oid));
            names_[oid] = all.text(i, acol.rolname);
            if (oid == role.oid || role.superuser)
                continue;
            if (all.boolean(i, acol.has_usage))
                role.privs_of[oid] = Membership{all.text(i, acol.rolname), oid < 16384};
            else if (all.boolean(i, acol.is_member)) {
                role.noinherit_member_of[oid] = all.text(i, acol.rolname);
                if (!all.boolean(i, acol.can_set))
                    role.cannot_set_role.insert(oid);
            }
        }
    }

    void load_database() {
        QueryResult r = query(conn_, sql_.database, {oid_});
        const DatabaseColumns col(r);
        cat_.database.name = r.text(0, col.datname);
        cat_.database.priv =
            privileges(static_cast<Oid>(r.number(0, col.datdba)), r.text_array(0, col.acl_items),
                       held_bits(r, 0,
                                 {{col.can_create, priv::kCreate},
                                  {col.can_temporary, priv::kTemporary},
                                  {col.can_connect, priv::kConnect}}));
    }

    void load_language() {
        QueryResult r = query(conn_, sql_.language, {oid_});
        if (r.rows() == 0)
            return;
        const LanguageColumns col(r);
        cat_.plpgsql.exists = true;
        cat_.plpgsql.name = r.text(0, col.lanname);
        cat_.plpgsql.priv =
            privileges(static_cast<Oid>(r.number(0, col.lanowner)), r.text_array(0, col.acl_items),
                       held_bits(r, 0, {{col.can_usage, priv::kUsage}}));
    }

    void load_schemas() {
        QueryResult r = query(conn_, sql_.schemas, {oid_});
        const SchemasColumns col(r);
        std::set<std::string> wanted;
        if (req_.schemas)
            wanted.insert(req_.schemas->begin(), req_.schemas->end());
        std::set<std::string> found;
        for (int i = 0; i < r.rows(); ++i) {
            SchemaFacts s;
            s.oid = static_cast<Oid>(r.number(i, col.oid));
            s.name = r.text(i, col.nspname);
            s.priv = privileges(
                static_cast<Oid>(r.number(i, col.nspowner)), r.text_array(i, col.acl_items),
                held_bits(r, i, {{col.can_usage, priv::kUsage}, {col.can_create, priv::kCreate}}));
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
        QueryResult r = query(conn_, sql_.relations, {oid_});
        const RelationsColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            const Oid nsp = static_cast<Oid>(r.number(i, col.relnamespace));
            const SchemaFacts* schema = cat_.schema(nsp);
            if (!schema)
                continue;
            const char kind = r.text(i, col.relkind)[0];
            const Oid owner = static_cast<Oid>(r.number(i, col.relowner));
            const auto acl = r.text_array(i, col.acl_items);
            if (kind == 'S') {
                SequenceFacts q;
                q.oid = static_cast<Oid>(r.number(i, col.oid));
                q.schema = nsp;
                q.schema_name = schema->name;
                q.name = r.text(i, col.relname);
                q.priv = privileges(owner, acl,
                                    held_bits(r, i,
                                              {{col.can_usage, priv::kUsage},
                                               {col.can_select, priv::kSelect},
                                               {col.can_update, priv::kUpdate}}));
                cat_.sequences.emplace(q.oid, std::move(q));
                continue;
            }
            TableFacts t;
            t.oid = static_cast<Oid>(r.number(i, col.oid));
            t.schema = nsp;
            t.schema_name = schema->name;
            t.name = r.text(i, col.relname);
            t.relkind = kind;
            t.is_partition = r.boolean(i, col.relispartition);
            t.in_scope = scope_.count(nsp) > 0 && !t.is_partition;
            t.rls_enabled = r.boolean(i, col.relrowsecurity);
            t.rls_forced = r.boolean(i, col.relforcerowsecurity);
            t.priv = privileges(owner, acl,
                                held_bits(r, i,
                                          {{col.can_select, priv::kSelect},
                                           {col.can_update, priv::kUpdate},
                                           {col.can_insert, priv::kInsert},
                                           {col.can_delete, priv::kDelete},
                                           {col.can_truncate, priv::kTruncate},
                                           {col.can_references, priv::kReferences},
                                           {col.can_trigger, priv::kTrigger}}));
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
        QueryResult inh = query(conn_, sql_.inherits);
        const InheritsColumns icol(inh);
        for (int i = 0; i < inh.rows(); ++i) {
            auto* parent = table(static_cast<Oid>(inh.number(i, icol.inhparent)));
            auto* child = table(static_cast<Oid>(inh.number(i, icol.inhrelid)));
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
        QueryResult r = query(conn_, sql_.columns, {oid_, scope_oids()});
        const ColumnsColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, col.attrelid)));
            if (!t)
                continue;
            ColumnFacts c;
            c.attnum = static_cast<int>(r.number(i, col.attnum));
            c.name = r.text(i, col.attname);
            c.type = static_cast<Oid>(r.number(i, col.atttypid));
            c.generated = !r.text(i, col.attgenerated).empty(); // 's' stored, 'v' virtual (18)
            const std::string identity = r.text(i, col.attidentity);
            c.identity = identity.empty() ? '\0' : identity[0];
            c.not_null = r.boolean(i, col.attnotnull);
            const AclMode held = held_bits(r, i,
                                           {{col.can_select, priv::kSelect},
                                            {col.can_insert, priv::kInsert},
                                            {col.can_update, priv::kUpdate},
                                            {col.can_references, priv::kReferences}});
            c.priv = privileges(t->priv.owner, r.text_array(i, col.acl_items), held);
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
        QueryResult r = query(conn_, sql_.defaults, {scope_oids()});
        const DefaultsColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, col.adrelid)));
            if (!t)
                continue;
            ExpressionFacts e = parse_node_tree(r.text(i, col.adbin));
            for (Oid q : e.nextval_sequences)
                add_sequence(t->oid, q);
            const int attnum = static_cast<int>(r.number(i, col.adnum));
            ColumnFacts* c = nullptr;
            for (auto& column : t->columns)
                if (column.attnum == attnum)
                    c = &column;
            if (!c)
                continue;
            if (!c->generated)
                c->has_default = true;
            // Writing rows runs generation expressions, and defaults sent
            // as DEFAULT: a source job reads neither.
            if (!req_.generation_functions)
                continue;
            want(e.functions);
            if (c->generated) {
                c->generation_funcs = std::move(e.functions);
            } else {
                c->default_funcs = std::move(e.functions);
                c->default_sequences = std::move(e.nextval_sequences);
            }
        }
    }

    void load_sequence_links() {
        QueryResult r = query(conn_, sql_.sequence_links);
        const SequenceLinksColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            auto q = cat_.sequences.find(static_cast<Oid>(r.number(i, col.objid)));
            const Oid owner_table = static_cast<Oid>(r.number(i, col.refobjid));
            if (q == cat_.sequences.end() || !table(owner_table))
                continue;
            q->second.owned_by_table = owner_table;
            q->second.owned_by_column = static_cast<int>(r.number(i, col.refobjsubid));
            q->second.identity = r.text(i, col.deptype) == "i";
            add_sequence(owner_table, q->first);
        }
        cat_.sort_table_sequences();
    }

    void load_constraints() {
        QueryResult r = query(conn_, sql_.constraints);
        const ConstraintsColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, col.conrelid)));
            if (!t)
                continue;
            const std::string type = r.text(i, col.contype);
            if (type == "f") {
                TableFacts* referenced = table(static_cast<Oid>(r.number(i, col.confrelid)));
                if (!referenced)
                    continue;
                auto& by = referenced->referenced_by;
                if (std::find(by.begin(), by.end(), t->oid) == by.end())
                    by.push_back(t->oid);
                if (!t->in_scope || r.number(i, col.conparentid) != 0)
                    continue;
                ForeignKeyFacts fk;
                fk.name = r.text(i, col.conname);
                fk.referenced_table = referenced->oid;
                fk.enforced = r.boolean(i, col.conenforced);
                for (const auto& a : r.text_array(i, col.conkey))
                    fk.columns.push_back(std::stoi(a));
                for (const auto& a : r.text_array(i, col.confkey))
                    fk.referenced_columns.push_back(std::stoi(a));
                fk.referenced_owner_name = referenced->priv.owner_name;
                fk.referenced_owner_table_held = held_bits(
                    r, i,
                    {{col.owner_can_select, priv::kSelect}, {col.owner_can_update, priv::kUpdate}});
                fk.referenced_owner_schema_usage = r.boolean(i, col.owner_schema_usage);
                t->foreign_keys.push_back(std::move(fk));
            } else if (++t->checks, r.boolean(i, col.conenforced) && !r.null(i, col.conbin)) {
                ExpressionFacts e = parse_node_tree(r.text(i, col.conbin));
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
            query(conn_, sql_.domain_checks,
                  {array_literal(std::vector<std::string>(types.begin(), types.end()))});
        const DomainChecksColumns col(r);
        std::map<Oid, std::vector<Oid>> by_type;
        for (int i = 0; i < r.rows(); ++i) {
            ExpressionFacts e = parse_node_tree(r.text(i, col.conbin));
            auto& list = by_type[static_cast<Oid>(r.number(i, col.column_type))];
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
        QueryResult r = query(conn_, sql_.indexes, {scope_oids()});
        const IndexesColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, col.indrelid)));
            if (!t || !t->in_scope)
                continue;
            ++t->indexes;
            if (!r.boolean(i, col.key_index))
                continue;
            std::vector<int> cols;
            const auto keys = r.text_array(i, col.indkey);
            const std::size_t n = std::min<std::size_t>(keys.size(), r.number(i, col.indnkeyatts));
            for (std::size_t k = 0; k < n; ++k)
                cols.push_back(std::stoi(keys[k]));
            if (r.boolean(i, col.indisprimary)) {
                t->primary_key = cols;
                t->primary_key_without_overlaps = r.boolean(i, col.indisexclusion);
            } else if (!r.boolean(i, col.indisexclusion)) {
                t->unique_keys.push_back(cols);
            }
        }
        for (auto& [oid, t] : cat_.tables)
            std::sort(t.unique_keys.begin(), t.unique_keys.end());
    }

    void load_policies() {
        QueryResult r = query(conn_, sql_.policies, {oid_, scope_oids()});
        const PoliciesColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, col.polrelid)));
            if (!t)
                continue;
            PolicyFacts p;
            p.name = r.text(i, col.polname);
            p.command = r.text(i, col.polcmd)[0];
            p.permissive = r.boolean(i, col.polpermissive);
            p.applies = r.boolean(i, col.applies) || cat_.role.superuser;
            if (!r.null(i, col.polqual)) {
                p.using_expr = parse_node_tree(r.text(i, col.polqual));
                want(p.using_expr->functions);
            }
            if (!r.null(i, col.polwithcheck)) {
                p.check_expr = parse_node_tree(r.text(i, col.polwithcheck));
                want(p.check_expr->functions);
            }
            t->policies.push_back(std::move(p));
        }
    }

    void load_triggers() {
        QueryResult r = query(conn_, sql_.triggers);
        const TriggersColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TableFacts* t = table(static_cast<Oid>(r.number(i, col.tgrelid)));
            if (!t)
                continue;
            TriggerFacts tg;
            tg.name = r.text(i, col.tgname);
            const unsigned long type = r.number(i, col.tgtype);
            // TRIGGER_TYPE_* bits of pg_trigger.h
            if (type & (1u << 2))
                tg.events |= trigger_event::kInsert;
            if (type & (1u << 3))
                tg.events |= trigger_event::kDelete;
            if (type & (1u << 4))
                tg.events |= trigger_event::kUpdate;
            if (type & (1u << 5))
                tg.events |= trigger_event::kTruncate;
            tg.function = static_cast<Oid>(r.number(i, col.tgfoid));
            wanted_functions_.insert(tg.function);
            t->triggers.push_back(std::move(tg));
        }
    }

    void load_functions() {
        wanted_functions_.insert(req_.extra_functions.begin(), req_.extra_functions.end());
        if (wanted_functions_.empty())
            return;
        std::vector<std::string> oids;
        for (Oid f : wanted_functions_)
            oids.push_back(oid_text(f));
        QueryResult r = query(conn_, sql_.functions, {oid_, array_literal(oids)});
        const FunctionsColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            FunctionFacts f;
            f.oid = static_cast<Oid>(r.number(i, col.oid));
            f.schema = static_cast<Oid>(r.number(i, col.pronamespace));
            f.schema_name = r.text(i, col.nspname);
            f.name = r.text(i, col.proname);
            f.security_definer = r.boolean(i, col.prosecdef);
            f.priv = privileges(static_cast<Oid>(r.number(i, col.proowner)),
                                r.text_array(i, col.acl_items),
                                held_bits(r, i, {{col.can_execute, priv::kExecute}}));
            f.arguments = r.text(i, col.arguments);
            cat_.functions[f.oid] = std::move(f);
        }
    }

    void load_types() {
        wanted_types_.insert(req_.extra_types.begin(), req_.extra_types.end());
        if (wanted_types_.empty())
            return;
        std::vector<std::string> oids;
        for (Oid t : wanted_types_)
            oids.push_back(oid_text(t));
        QueryResult r = query(conn_, sql_.types, {oid_, array_literal(oids)});
        const TypesColumns col(r);
        for (int i = 0; i < r.rows(); ++i) {
            TypeFacts t;
            t.oid = static_cast<Oid>(r.number(i, col.oid));
            t.schema = static_cast<Oid>(r.number(i, col.typnamespace));
            t.schema_name = r.text(i, col.nspname);
            t.name = r.text(i, col.typname);
            t.priv = privileges(static_cast<Oid>(r.number(i, col.typowner)),
                                r.text_array(i, col.acl_items),
                                held_bits(r, i, {{col.can_usage, priv::kUsage}}));
            cat_.types[t.oid] = std::move(t);
        }
    }

    PGconn* conn_;
    const CatalogRequest& req_;
    const CatalogQueries& sql_;
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
