#include "table_access.hpp"

#include "acl_mask.hpp"
#include "gather_state.hpp"
#include "scan.hpp"

#include "../core/rls.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace preflight::ext {

using pg::call;

const std::vector<AclMode>& table_access_bits() {
    static const std::vector<AclMode> bits = {priv::kSelect, priv::kInsert, priv::kUpdate,
                                              priv::kDelete, priv::kTruncate};
    return bits;
}

namespace {

// The bytes an access row depends on: owner, held bits, and each ACL
// item's grantee and privileges (the grantor changes nothing we show).
void access_key(std::string& key, Oid owner, AclMode held, const Acl* acl) {
    key.clear();
    key.append(reinterpret_cast<const char*>(&owner), sizeof owner);
    key.append(reinterpret_cast<const char*>(&held), sizeof held);
    const ::AclItem* items = ACL_DAT(acl);
    for (int i = 0; i < ACL_NUM(acl); ++i) {
        const Oid grantee = items[i].ai_grantee;
        const AclMode privs = pg::item_privileges(items[i]);
        key.append(reinterpret_cast<const char*>(&grantee), sizeof grantee);
        key.append(reinterpret_cast<const char*>(&privs), sizeof privs);
    }
}

} // namespace

TableAccessMatrix table_access_matrix(const Request& request) {
    pg::SnapshotGuard snapshot;
    GatherState s(request, snapshot.get());
    gather_roles(s);
    gather_schemas(s);
    const RoleFacts& role = s.cat.role;

    TableAccessMatrix m;
    std::unordered_map<Oid, std::uint32_t> rank; // scope schema -> index into schema_names
    for (const auto& f : s.cat.schemas) {
        if (!f.exists || !s.scope_schemas.count(f.oid))
            continue;
        rank.emplace(f.oid, static_cast<std::uint32_t>(m.schema_names.size()));
        m.schema_names.push_back(f.name);
    }

    std::unordered_map<std::string, std::uint32_t> shared; // access_key -> index into accesses
    std::string key;
    Privileges p;
    pg::scan_catalog(RelationRelationId, s.snapshot, [&](HeapTuple tuple, TupleDesc desc) {
        auto* form = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
        if ((form->relkind != RELKIND_RELATION && form->relkind != RELKIND_PARTITIONED_TABLE) ||
            form->relispartition)
            return;
        auto schema = rank.find(form->relnamespace);
        if (schema == rank.end())
            return;
        TableAccessEntry e;
        e.schema = schema->second;
        e.name = form->relname;
        std::uint32_t access = 0;
        call([&] {
            bool is_null = false;
            Datum d = pg::attribute(tuple, Anum_pg_class_relacl, desc, &is_null);
            Acl* acl = pg::effective_acl(d, is_null, OBJECT_TABLE, form->relowner);
            const AclMode held =
                pg::class_mask(acl, form->relowner, role.oid, ACL_ALL_RIGHTS_RELATION);
            access_key(key, form->relowner, held, acl);
            auto it = shared.find(key);
            if (it != shared.end()) {
                access = it->second;
                return;
            }
            p.owner = form->relowner;
            p.held = held;
            p.acl.clear();
            const ::AclItem* items = ACL_DAT(acl);
            for (int i = 0; i < ACL_NUM(acl); ++i)
                p.acl.push_back(AclEntry{items[i].ai_grantee, pg::item_privileges(items[i])});
            access = static_cast<std::uint32_t>(m.accesses.size());
        });
        if (access == m.accesses.size()) { // a new combination: explain it once
            m.accesses.push_back(access_row(role, "", "", p, table_access_bits(), false));
            shared.emplace(key, access);
        }
        e.access = access;
        // Owner-ness for RLS, as rls_bypass decides it, from the same key.
        Privileges owner_only;
        owner_only.owner = form->relowner;
        e.rls_limits =
            rls_applies(role, owner_only, form->relrowsecurity, form->relforcerowsecurity);
        m.tables.push_back(e);
    });
    // Order by schema with one counting pass, then by name within each
    // schema: every comparison stays inside one schema's few entries.
    std::vector<std::size_t> start(m.schema_names.size() + 1, 0);
    for (const auto& t : m.tables)
        ++start[t.schema + 1];
    for (std::size_t i = 1; i < start.size(); ++i)
        start[i] += start[i - 1];
    std::vector<TableAccessEntry> ordered(m.tables.size());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (const auto& t : m.tables)
        ordered[next[t.schema]++] = t;
    for (std::size_t i = 0; i + 1 < start.size(); ++i)
        std::sort(ordered.begin() + start[i], ordered.begin() + start[i + 1],
                  [](const TableAccessEntry& a, const TableAccessEntry& b) {
                      return std::strcmp(NameStr(a.name), NameStr(b.name)) < 0;
                  });
    m.tables.swap(ordered);
    return m;
}

} // namespace preflight::ext
