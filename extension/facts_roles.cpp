// Roles, the database and schemas; and gather(), which runs every part.
#include "acl_mask.hpp"
#include "gather_state.hpp"
#include "scan.hpp"

#include "../core/errors.hpp"

#include <algorithm>

namespace preflight::ext {

using pg::call;

Oid role_oid(const std::string& name) {
    Oid oid = call([&] { return get_role_oid(name.c_str(), true); });
    if (oid == InvalidOid)
        throw UserError(UserError::Kind::UndefinedObject, "role \"" + name + "\" does not exist",
                        "Check the role's name (names are case-sensitive when quoted); "
                        "SELECT rolname FROM pg_roles lists them.");
    return oid;
}

std::string role_name(const GatherState& s, Oid role) {
    auto it = s.role_names.find(role);
    return it == s.role_names.end() ? "oid " + std::to_string(role) : it->second;
}

Privileges make_privileges(const GatherState& s, Acl* acl, Oid owner, AclMode held) {
    Privileges p;
    p.owner = owner;
    p.owner_name = role_name(s, owner);
    p.held = held;
    const int n = ACL_NUM(acl);
    const ::AclItem* items = ACL_DAT(acl);
    p.acl.reserve(n);
    for (int i = 0; i < n; ++i)
        p.acl.push_back(preflight::AclEntry{items[i].ai_grantee, pg::item_privileges(items[i])});
    return p;
}

void gather_roles(GatherState& s) {
    const Oid role = s.request.role;
    RoleFacts& r = s.cat.role;
    r.oid = role;
    std::vector<Oid> others;
    pg::scan_catalog(AuthIdRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc) {
        auto* form = reinterpret_cast<Form_pg_authid>(GETSTRUCT(tuple));
        s.role_names[form->oid] = NameStr(form->rolname);
        if (form->oid == role) {
            r.name = NameStr(form->rolname);
            r.superuser = form->rolsuper;
            r.login = form->rolcanlogin;
            r.bypassrls = form->rolbypassrls;
            r.inherit = form->rolinherit;
        } else {
            others.push_back(form->oid);
        }
    });
    if (r.name.empty()) // dropped between the name lookup and our snapshot
        throw UserError(UserError::Kind::UndefinedObject,
                        "role with OID " + std::to_string(role) + " does not exist");
#if PG_VERSION_NUM >= 160000
    r.grant_options = true; // each membership grant has its own INHERIT and SET
#endif
    if (r.superuser)
        return; // has the privileges of every role; explain() says "superuser"
    for (Oid other : others) {
        bool privs = false, member = false, can_set = true;
        call([&] {
            privs = has_privs_of_role(role, other);
            member = !privs && is_member_of_role(role, other);
#if PG_VERSION_NUM >= 160000
            can_set = !member || member_can_set_role(role, other);
#endif
        });
        if (privs) {
            r.privs_of[other] = Membership{s.role_names[other], other < FirstNormalObjectId};
        } else if (member) {
            r.noinherit_member_of[other] = s.role_names[other];
            if (!can_set)
                r.cannot_set_role.insert(other);
        }
    }
}

void gather_database(GatherState& s) {
    const Oid role = s.request.role;
    call([&] {
        HeapTuple tuple = SearchSysCache1(DATABASEOID, ObjectIdGetDatum(MyDatabaseId));
        if (!HeapTupleIsValid(tuple))
            elog(ERROR, "cache lookup failed for database %u", MyDatabaseId);
        auto* form = reinterpret_cast<Form_pg_database>(GETSTRUCT(tuple));
        bool is_null = false;
        Datum datum = SysCacheGetAttr(DATABASEOID, tuple, Anum_pg_database_datacl, &is_null);
        Acl* acl = pg::effective_acl(datum, is_null, OBJECT_DATABASE, form->datdba);
        AclMode held = pg::plain_mask(acl, form->datdba, role, ACL_ALL_RIGHTS_DATABASE);
        s.cat.database.name = NameStr(form->datname);
        s.cat.database.priv.owner = form->datdba;
        s.cat.database.priv.held = held;
        ReleaseSysCache(tuple);
        // Copy the ACL items out of PostgreSQL memory after the syscache release.
        const int n = ACL_NUM(acl);
        const ::AclItem* items = ACL_DAT(acl);
        for (int i = 0; i < n; ++i)
            s.cat.database.priv.acl.push_back(
                preflight::AclEntry{items[i].ai_grantee, pg::item_privileges(items[i])});
    });
    s.cat.database.priv.owner_name = role_name(s, s.cat.database.priv.owner);
}

// plpgsql, looked up by name as a DO block does.
void gather_language(GatherState& s) {
    HeapTuple tuple = call([&] { return SearchSysCache1(LANGNAME, CStringGetDatum("plpgsql")); });
    if (!HeapTupleIsValid(tuple))
        return;
    try {
        auto* form = reinterpret_cast<Form_pg_language>(GETSTRUCT(tuple));
        Acl* acl = nullptr;
        AclMode held = 0;
        call([&] {
            bool is_null = false;
            Datum d = SysCacheGetAttr(LANGNAME, tuple, Anum_pg_language_lanacl, &is_null);
            acl = pg::effective_acl(d, is_null, OBJECT_LANGUAGE, form->lanowner);
            held = pg::plain_mask(acl, form->lanowner, s.request.role, ACL_ALL_RIGHTS_LANGUAGE);
        });
        s.cat.plpgsql.priv = make_privileges(s, acl, form->lanowner, held);
        s.cat.plpgsql.name = NameStr(form->lanname);
        s.cat.plpgsql.exists = true;
    } catch (...) {
        call([&] { ReleaseSysCache(tuple); });
        throw;
    }
    call([&] { ReleaseSysCache(tuple); });
}

namespace {
bool is_system_schema(const char* name) {
    return strncmp(name, "pg_", 3) == 0 || strcmp(name, "information_schema") == 0;
}
} // namespace

void gather_schemas(GatherState& s) {
    const Oid role = s.request.role;
    std::vector<SchemaFacts> all;
    pg::scan_catalog(NamespaceRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple));
        if (is_system_schema(NameStr(form->nspname)))
            return;
        SchemaFacts f;
        f.oid = form->oid;
        f.name = NameStr(form->nspname);
        Acl* acl = nullptr;
        AclMode held = 0;
        call([&] {
            bool is_null = false;
            Datum d = pg::attribute(tuple, Anum_pg_namespace_nspacl, desc, &is_null);
            acl = pg::effective_acl(d, is_null, OBJECT_SCHEMA, form->nspowner);
            held = pg::namespace_mask(acl, form->nspowner, role, ACL_ALL_RIGHTS_SCHEMA);
        });
        f.priv = make_privileges(s, acl, form->nspowner, held);
        all.push_back(std::move(f));
    });
    std::sort(all.begin(), all.end(),
              [](const SchemaFacts& a, const SchemaFacts& b) { return a.name < b.name; });
    if (!s.request.schemas) {
        for (auto& f : all) {
            if (f.oid == s.request.own_schema) {
                s.cat.other_schemas[f.oid] = f;
                continue;
            }
            s.scope_schemas.insert(f.oid);
            s.cat.schemas.push_back(std::move(f));
        }
        return;
    }
    std::vector<std::string> wanted = *s.request.schemas;
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    for (auto& f : all) {
        if (std::binary_search(wanted.begin(), wanted.end(), f.name)) {
            s.scope_schemas.insert(f.oid);
            s.cat.schemas.push_back(f);
        } else {
            s.cat.other_schemas[f.oid] = f;
        }
    }
    // The schemas found so far are in name order: a binary search keeps a
    // long list of absent names from costing quadratic time.
    const std::size_t existing = s.cat.schemas.size();
    for (const auto& name : wanted) {
        const auto end = s.cat.schemas.begin() + existing;
        const auto it =
            std::lower_bound(s.cat.schemas.begin(), end, name,
                             [](const SchemaFacts& f, const std::string& n) { return f.name < n; });
        if (it == end || it->name != name) {
            SchemaFacts absent;
            absent.name = name;
            absent.exists = false;
            s.cat.schemas.push_back(absent);
        }
    }
    std::sort(s.cat.schemas.begin(), s.cat.schemas.end(),
              [](const SchemaFacts& a, const SchemaFacts& b) { return a.name < b.name; });
}

Catalog gather(const Request& request) {
    pg::SnapshotGuard snapshot;
    GatherState s(request, snapshot.get());
    gather_roles(s);
    gather_database(s);
    if (request.languages)
        gather_language(s);
    gather_schemas(s);
    s.cat.index_schemas();
    gather_relations(s);
    if (request.details) {
        gather_columns(s);
        gather_defaults(s);
        gather_sequence_links(s);
        if (request.write_details) {
            gather_constraints(s);
            gather_domains(s);
            gather_indexes(s);
        }
        gather_policies(s);
        if (request.write_details) {
            gather_triggers(s);
            gather_foreign_key_owners(s);
        }
    }
    if (request.types)
        gather_types(s);
    gather_functions(s);
    return std::move(s.cat);
}

} // namespace preflight::ext
