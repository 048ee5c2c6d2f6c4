// Tables and sequences: one scan of pg_class, one of pg_inherits.
#include "acl_mask.hpp"
#include "gather_state.hpp"
#include "scan.hpp"

#include <algorithm>

namespace preflight::ext {

using pg::call;

void gather_relations(GatherState& s) {
    const Oid role = s.request.role;
    // Schema names by oid, for the many lookups below.
    std::unordered_map<Oid, const std::string*> names;
    for (const auto& f : s.cat.schemas)
        if (f.exists)
            names[f.oid] = &f.name;
    for (const auto& [oid, f] : s.cat.other_schemas)
        names[oid] = &f.name;

    // Room for every relation up front: rehashing big nodes as the maps grow
    // costs more than the buckets (pg_class's row estimate bounds both).
    const double relations = call([] {
        Relation rel = table_open(RelationRelationId, AccessShareLock);
        const double n = rel->rd_rel->reltuples;
        table_close(rel, AccessShareLock);
        return n;
    });
    if (relations > 0 && relations < 1e8) {
        s.cat.tables.reserve(static_cast<std::size_t>(relations / 4));
        if (s.request.sequences || s.request.details)
            s.cat.sequences.reserve(static_cast<std::size_t>(relations / 4));
    }
    pg::scan_catalog(RelationRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
        const char kind = form->relkind;
        if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE &&
            kind != RELKIND_SEQUENCE)
            return;
        auto nsp = names.find(form->relnamespace);
        if (nsp == names.end())
            return; // a system schema
        const bool scope = s.scope_schemas.count(form->relnamespace) > 0;
        if (kind == RELKIND_SEQUENCE && !s.request.sequences && !s.request.details)
            return;
        Acl* acl = nullptr;
        AclMode held = 0;
        call([&] {
            bool is_null = false;
            Datum d = heap_getattr(tuple, Anum_pg_class_relacl, desc, &is_null);
            acl = pg::effective_acl(d, is_null,
                                    kind == RELKIND_SEQUENCE ? OBJECT_SEQUENCE : OBJECT_TABLE,
                                    form->relowner);
            held = pg::class_mask(acl, form->relowner, role,
                                  kind == RELKIND_SEQUENCE ? ACL_ALL_RIGHTS_SEQUENCE
                                                           : ACL_ALL_RIGHTS_RELATION);
        });
        if (kind == RELKIND_SEQUENCE) {
            SequenceFacts q;
            q.oid = form->oid;
            q.schema = form->relnamespace;
            q.schema_name = *nsp->second;
            q.name = NameStr(form->relname);
            q.priv = make_privileges(s, acl, form->relowner, held);
            s.cat.sequences.emplace(q.oid, std::move(q));
            return;
        }
        TableFacts t;
        t.oid = form->oid;
        t.schema = form->relnamespace;
        t.schema_name = *nsp->second;
        t.name = NameStr(form->relname);
        t.relkind = kind;
        t.is_partition = form->relispartition;
        t.in_scope = scope && !form->relispartition;
        t.rls_enabled = form->relrowsecurity;
        t.rls_forced = form->relforcerowsecurity;
        t.priv = make_privileges(s, acl, form->relowner, held);
        s.cat.tables.emplace(t.oid, std::move(t));
    });

    // Sort pointers, not oids: a comparison must not cost two hash lookups.
    std::vector<const TableFacts*> in_scope;
    for (const auto& [oid, t] : s.cat.tables)
        if (t.in_scope)
            in_scope.push_back(&t);
    std::sort(in_scope.begin(), in_scope.end(), [](const TableFacts* a, const TableFacts* b) {
        return a->schema_name != b->schema_name ? a->schema_name < b->schema_name
                                                : a->name < b->name;
    });
    s.cat.table_order.reserve(in_scope.size());
    for (const auto* t : in_scope)
        s.cat.table_order.push_back(t->oid);

    if (!s.request.details)
        return;
    pg::scan_catalog(InheritsRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc) {
        auto* form = reinterpret_cast<Form_pg_inherits>(GETSTRUCT(tuple));
        auto* parent = s.table(form->inhparent);
        auto* child = s.table(form->inhrelid);
        if (parent && child && child->is_partition)
            parent->partitions.push_back(form->inhrelid);
    });
}

} // namespace preflight::ext
