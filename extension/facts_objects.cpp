// Functions and types the selected tables use, looked up by OID.
#include "acl_mask.hpp"
#include "gather_state.hpp"
#include "scan.hpp"

namespace preflight::ext {

using pg::call;

namespace {

// Argument types as PostgreSQL prints them; with search_path = pg_catalog
// (set on every function of ours) types of other schemas come qualified,
// so the text is valid in GRANT ... ON FUNCTION.
std::string arguments(const oidvector& args) {
    std::string out;
    for (int i = 0; i < args.dim1; ++i) {
        const char* name = call(
            [&] { return format_type_extended(args.values[i], -1, FORMAT_TYPE_ALLOW_INVALID); });
        if (i > 0)
            out += ", ";
        out += name;
    }
    return out;
}

void add_function(GatherState& s, HeapTuple tuple, const std::string& schema) {
    const Oid role = s.request.role;
    auto* form = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
    FunctionFacts f;
    f.oid = form->oid;
    f.schema = form->pronamespace;
    f.schema_name = schema;
    f.name = NameStr(form->proname);
    f.arguments = arguments(form->proargtypes);
    f.security_definer = form->prosecdef;
    Acl* acl = nullptr;
    AclMode held = 0;
    call([&] {
        bool is_null = false;
        Datum d = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_proacl, &is_null);
        acl = pg::effective_acl(d, is_null, OBJECT_FUNCTION, form->proowner);
        held = pg::plain_mask(acl, form->proowner, role, ACL_ALL_RIGHTS_FUNCTION);
    });
    f.priv = make_privileges(s, acl, form->proowner, held);
    s.cat.functions[f.oid] = std::move(f);
}

} // namespace

void gather_functions(GatherState& s) {
    if (s.request.functions) {
        std::vector<Oid> in_scope;
        pg::scan_catalog(ProcedureRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc) {
            auto* form = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
            if (s.scope_schemas.count(form->pronamespace))
                in_scope.push_back(form->oid);
        });
        s.wanted_functions.insert(in_scope.begin(), in_scope.end());
    }
    for (Oid fn : s.wanted_functions) {
        pg::check_for_interrupts();
        HeapTuple tuple = call([&] { return SearchSysCache1(PROCOID, ObjectIdGetDatum(fn)); });
        if (!HeapTupleIsValid(tuple))
            continue; // dropped meanwhile
        try {
            auto* form = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
            const char* schema = call([&] { return get_namespace_name(form->pronamespace); });
            if (schema)
                add_function(s, tuple, schema);
        } catch (...) {
            call([&] { ReleaseSysCache(tuple); });
            throw;
        }
        call([&] { ReleaseSysCache(tuple); });
    }
}

void gather_types(GatherState& s) {
    const Oid role = s.request.role;
    for (Oid type : s.wanted_types) {
        pg::check_for_interrupts();
        TypeFacts t;
        bool found = false;
        Acl* acl = nullptr;
        AclMode held = 0;
        call([&] {
            HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
            if (!HeapTupleIsValid(tuple))
                return;
            auto* form = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple));
            // pg_type_aclmask: an array type's privileges are its element's.
            if (IsTrueArrayType(form)) {
                Oid element = form->typelem;
                ReleaseSysCache(tuple);
                tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(element));
                if (!HeapTupleIsValid(tuple))
                    return;
                form = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple));
            }
            if (form->typnamespace == PG_CATALOG_NAMESPACE) {
                ReleaseSysCache(tuple);
                return;
            }
            bool is_null = false;
            Datum d = SysCacheGetAttr(TYPEOID, tuple, Anum_pg_type_typacl, &is_null);
            acl = pg::effective_acl(d, is_null, OBJECT_TYPE, form->typowner);
            held = pg::plain_mask(acl, form->typowner, role, ACL_ALL_RIGHTS_TYPE);
            t.oid = form->oid;
            t.schema = form->typnamespace;
            t.name = NameStr(form->typname);
            t.priv.owner = form->typowner;
            char* nsp = get_namespace_name(form->typnamespace);
            if (nsp) {
                t.schema_name = nsp;
                found = true;
            }
            ReleaseSysCache(tuple);
        });
        if (!found || s.cat.types.count(t.oid))
            continue;
        Privileges p = make_privileges(s, acl, t.priv.owner, held);
        t.priv = std::move(p);
        s.cat.types[t.oid] = std::move(t);
    }
}

} // namespace preflight::ext
