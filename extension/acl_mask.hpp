// PostgreSQL's privilege decisions for a catalog row we already hold.
//
// aclchk.c's pg_class_aclmask & co. look the row up again by OID and raise
// an error when another session dropped it meanwhile. These take the row
// from our own scan instead, and otherwise do exactly what PostgreSQL 15
// does: the same aclmask() over the same effective ACL, the same superuser
// and predefined-role rules. Each function names the one it mirrors.
#pragma once

#include "pg.hpp"

#include <cstdint>

namespace preflight::pg {

// PostgreSQL's AclMode is 64 bits from 16 (the grant options in the high
// half) and holds MAINTAIN from 17 (bit 14); the job's privileges are the
// twelve bits of core/privileges.hpp, in a 32-bit mask. Masks leave this
// layer only through here, so no other bit reaches the facts: on 17 the
// owner's MAINTAIN and pg_maintain's stay out of them, as they stay out of
// the catalog path's (has_*_privilege of the job's privileges, aclexplode
// items it knows). The parameters are spelt ::AclMode: inside namespace
// preflight an unqualified AclMode would be core's 32-bit one wherever
// core's headers came first, and the declaration would no longer match
// the definition once PostgreSQL's is 64 bits.
constexpr ::AclMode kJobPrivileges = ACL_INSERT | ACL_SELECT | ACL_UPDATE | ACL_DELETE |
                                     ACL_TRUNCATE | ACL_REFERENCES | ACL_TRIGGER | ACL_EXECUTE |
                                     ACL_USAGE | ACL_CREATE | ACL_CREATE_TEMP | ACL_CONNECT;
static_assert(kJobPrivileges == 0xFFF, "the job's privileges are ACL bits 0 to 11");

inline std::uint32_t job_privileges(::AclMode mask) {
    return static_cast<std::uint32_t>(mask & kJobPrivileges);
}
// The privileges (not grant options) of one ACL item, as job privileges.
inline std::uint32_t item_privileges(const ::AclItem& item) {
    return job_privileges(ACLITEM_GET_PRIVS(item));
}

// The effective ACL: the stored one, or the owner's default when NULL.
Acl* effective_acl(Datum acl, bool is_null, ObjectType type, Oid owner);

// pg_class_aclmask (tables and sequences); excludes the system-catalog rule,
// since system schemas are never in scope.
std::uint32_t class_mask(Acl* acl, Oid owner, Oid role, ::AclMode mask);
// pg_attribute_aclmask: column-level grants only.
std::uint32_t column_mask(Acl* column_acl, Oid table_owner, Oid role, ::AclMode mask);
// pg_namespace_aclmask, for a non-temporary schema.
std::uint32_t namespace_mask(Acl* acl, Oid owner, Oid role, ::AclMode mask);
// pg_proc_aclmask, pg_type_aclmask and pg_database_aclmask.
std::uint32_t plain_mask(Acl* acl, Oid owner, Oid role, ::AclMode mask);

} // namespace preflight::pg
