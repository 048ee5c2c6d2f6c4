// PostgreSQL's privilege decisions for a catalog row we already hold.
//
// aclchk.c's pg_class_aclmask & co. look the row up again by OID and raise
// an error when another session dropped it meanwhile. These take the row
// from our own scan instead, and otherwise do exactly what PostgreSQL 15
// does: the same aclmask() over the same effective ACL, the same superuser
// and predefined-role rules. Each function names the one it mirrors.
#pragma once

#include "pg.hpp"

namespace preflight::pg {

// The effective ACL: the stored one, or the owner's default when NULL.
Acl* effective_acl(Datum acl, bool is_null, ObjectType type, Oid owner);

// pg_class_aclmask (tables and sequences); excludes the system-catalog rule,
// since system schemas are never in scope.
AclMode class_mask(Acl* acl, Oid owner, Oid role, AclMode mask);
// pg_attribute_aclmask: column-level grants only.
AclMode column_mask(Acl* column_acl, Oid table_owner, Oid role, AclMode mask);
// pg_namespace_aclmask, for a non-temporary schema.
AclMode namespace_mask(Acl* acl, Oid owner, Oid role, AclMode mask);
// pg_proc_aclmask, pg_type_aclmask and pg_database_aclmask.
AclMode plain_mask(Acl* acl, Oid owner, Oid role, AclMode mask);

} // namespace preflight::pg
