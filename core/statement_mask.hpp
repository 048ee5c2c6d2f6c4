// What PostgreSQL grants on a table when one statement asks for several
// privileges at once. ExecCheckRTEPerms calls pg_class_aclmask with all of
// them, and pg_write_all_data is added only when the ACL grants none of the
// write privileges asked for: a role holding UPDATE through PUBLIC cannot
// INSERT ... ON CONFLICT DO UPDATE through pg_write_all_data, although it may
// INSERT alone. Single privileges come straight from PostgreSQL's per-bit
// answer (Privileges::held); only combinations are derived here, from the
// same ACL items and memberships PostgreSQL reported.
#pragma once

#include "facts.hpp"

namespace preflight {

AclMode statement_mask(const RoleFacts& role, const Privileges& table, AclMode requested);

// The privileges the ACL items alone give the role (aclmask: items granted to
// it, to PUBLIC, or to a role whose privileges it has), as PostgreSQL's
// column check reads a column's ACL when the table check failed.
AclMode acl_items_mask(const RoleFacts& role, const Privileges& p);

} // namespace preflight
