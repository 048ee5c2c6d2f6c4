// Every function here is called inside pg::call by its callers.
#include "acl_mask.hpp"

#include <initializer_list>

namespace preflight::pg {

Acl* effective_acl(Datum acl, bool is_null, ObjectType type, Oid owner) {
    if (is_null)
        return acldefault(type, owner);
    return DatumGetAclPCopy(acl);
}

// Each bit as pg_class_aclmask(one privilege) decides it, which is what
// has_table_privilege reports. (Asked for several write privileges at once,
// PostgreSQL adds pg_write_all_data's only when the ACL grants none of them;
// core/statement_mask.cpp models such statements from these facts.)
std::uint32_t class_mask(Acl* acl, Oid owner, Oid role, ::AclMode mask) {
    if (superuser_arg(role))
        return job_privileges(mask);
    ::AclMode result = aclmask(acl, role, owner, mask, ACLMASK_ALL);
    if ((mask & ACL_SELECT) && !(result & ACL_SELECT) &&
        has_privs_of_role(role, ROLE_PG_READ_ALL_DATA))
        result |= ACL_SELECT;
    for (::AclMode bit : {ACL_INSERT, ACL_UPDATE, ACL_DELETE})
        if ((mask & bit) && !(result & bit) && has_privs_of_role(role, ROLE_PG_WRITE_ALL_DATA))
            result |= bit;
    return job_privileges(result);
}

std::uint32_t column_mask(Acl* column_acl, Oid table_owner, Oid role, ::AclMode mask) {
    if (!column_acl)
        return 0;
    return job_privileges(aclmask(column_acl, role, table_owner, mask, ACLMASK_ALL));
}

std::uint32_t namespace_mask(Acl* acl, Oid owner, Oid role, ::AclMode mask) {
    if (superuser_arg(role))
        return job_privileges(mask);
    ::AclMode result = aclmask(acl, role, owner, mask, ACLMASK_ALL);
    if ((mask & ACL_USAGE) && !(result & ACL_USAGE) &&
        (has_privs_of_role(role, ROLE_PG_READ_ALL_DATA) ||
         has_privs_of_role(role, ROLE_PG_WRITE_ALL_DATA)))
        result |= ACL_USAGE;
    return job_privileges(result);
}

std::uint32_t plain_mask(Acl* acl, Oid owner, Oid role, ::AclMode mask) {
    if (superuser_arg(role))
        return job_privileges(mask);
    return job_privileges(aclmask(acl, role, owner, mask, ACLMASK_ALL));
}

} // namespace preflight::pg
