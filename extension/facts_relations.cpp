// Tables and sequences: one scan of pg_class, one of pg_inherits.
#include "acl_mask.hpp"
#include "gather_state.hpp"
#include "scan.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

namespace preflight::ext {

using pg::call;

namespace {
// The first 8 bytes, big-endian and zero-padded: compares as the names do
// (bytewise, a shorter name first; names hold no zero byte).
std::uint64_t name_prefix(std::string_view name) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i)
        v = (v << 8) | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    return v;
}
} // namespace

void GatherState::index_relations() {
    const std::size_t count = cat.tables.size() + cat.sequences.size();
    if (count == 0 || count >= (1u << 30))
        return;
    Oid low = std::numeric_limits<Oid>::max();
    Oid high = 0;
    for (const auto& [oid, t] : cat.tables)
        low = std::min(low, oid), high = std::max(high, oid);
    for (const auto& [oid, q] : cat.sequences)
        low = std::min(low, oid), high = std::max(high, oid);
    // Sparse oids (an old catalog, wrapped around) keep the hash maps: the
    // array may take 4 bytes for up to 32 oids per relation, no more.
    const std::uint64_t range = std::uint64_t(high) - low + 1;
    if (range > 32 * std::uint64_t(count) + 4096)
        return;
    base_oid_ = low;
    by_oid_.assign(range, 0u);
    tables_.reserve(cat.tables.size());
    sequences_.reserve(cat.sequences.size());
    for (auto& [oid, t] : cat.tables) {
        tables_.push_back(&t);
        by_oid_[oid - low] = static_cast<std::uint32_t>(tables_.size()) << 1;
    }
    for (auto& [oid, q] : cat.sequences) {
        sequences_.push_back(&q);
        by_oid_[oid - low] = (static_cast<std::uint32_t>(sequences_.size()) << 1) | 1u;
    }
    last_oid_ = InvalidOid; // answers from before may have been misses since filled
}

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
            Datum d = pg::attribute(tuple, Anum_pg_class_relacl, desc, &is_null);
            acl = pg::effective_acl(d, is_null,
                                    kind == RELKIND_SEQUENCE ? OBJECT_SEQUENCE : OBJECT_TABLE,
                                    form->relowner);
            held = pg::class_mask(acl, form->relowner, role,
                                  kind == RELKIND_SEQUENCE ? ACL_ALL_RIGHTS_SEQUENCE
                                                           : ACL_ALL_RIGHTS_RELATION);
        });
        // Built in place in the map's node: a moved TableFacts is fifteen
        // containers to move.
        if (kind == RELKIND_SEQUENCE) {
            SequenceFacts& q = s.cat.sequences.try_emplace(form->oid).first->second;
            q.oid = form->oid;
            q.schema = form->relnamespace;
            q.schema_name = *nsp->second;
            q.name = NameStr(form->relname);
            q.priv = make_privileges(s, acl, form->relowner, held);
            return;
        }
        TableFacts& t = s.cat.tables.try_emplace(form->oid).first->second;
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
    });

    // In (schema, name) order. Sort small keys, not the tables: comparing
    // through pointers to 100,000 scattered tables missed the cache twice
    // a comparison. The schemas are in name order already, so their index
    // stands for the name; a name's first 8 bytes decide most comparisons.
    struct Key {
        std::size_t schema;
        std::uint64_t prefix;
        std::string_view name;
        Oid oid;
    };
    std::unordered_map<Oid, std::size_t> schema_rank;
    for (std::size_t i = 0; i < s.cat.schemas.size(); ++i)
        schema_rank[s.cat.schemas[i].oid] = i;
    std::vector<Key> keys;
    for (const auto& [oid, t] : s.cat.tables)
        if (t.in_scope)
            keys.push_back({schema_rank.at(t.schema), name_prefix(t.name), t.name, oid});
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        if (a.schema != b.schema)
            return a.schema < b.schema;
        if (a.prefix != b.prefix)
            return a.prefix < b.prefix;
        return a.name < b.name;
    });
    s.cat.table_order.reserve(keys.size());
    for (const auto& k : keys)
        s.cat.table_order.push_back(k.oid);
    s.index_relations();

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
