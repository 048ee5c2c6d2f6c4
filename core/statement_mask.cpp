#include "statement_mask.hpp"

namespace preflight {

namespace {

bool holds_predefined(const RoleFacts& role, const char* name) {
    for (const auto& [oid, m] : role.privs_of)
        if (m.predefined && m.name == name)
            return true;
    return false;
}

bool single_bit(AclMode m) {
    return m != 0 && (m & (m - 1)) == 0;
}

} // namespace

AclMode acl_items_mask(const RoleFacts& role, const Privileges& p) {
    AclMode acl = 0;
    for (const auto& item : p.acl)
        if (item.grantee == role.oid || item.grantee == kPublicGrantee ||
            role.privs_of.count(item.grantee))
            acl |= item.privs;
    return acl;
}

AclMode statement_mask(const RoleFacts& role, const Privileges& p, AclMode requested) {
    if (single_bit(requested) || role.superuser)
        return p.held & requested;
    AclMode result = acl_items_mask(role, p) & requested;
    if ((requested & priv::kSelect) && !(result & priv::kSelect) &&
        holds_predefined(role, "pg_read_all_data"))
        result |= priv::kSelect;
    constexpr AclMode writes = priv::kInsert | priv::kUpdate | priv::kDelete;
    if ((requested & writes) && !(result & writes) && holds_predefined(role, "pg_write_all_data"))
        result |= requested & writes;
    // Never more than PostgreSQL grants bit by bit.
    return result & p.held;
}

} // namespace preflight
