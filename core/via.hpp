// How a privilege PostgreSQL granted is held: the "via" column.
#pragma once

#include "facts.hpp"
#include "row.hpp"

#include <optional>
#include <string>

namespace preflight {

// Explains one privilege bit on an object. Returns nullopt when PostgreSQL
// says it is not held; otherwise 'superuser', 'owner', 'direct', 'PUBLIC',
// 'member of <role>', or a predefined role's name.
std::optional<std::string> explain(const RoleFacts& role, const Privileges& p, AclMode bit);

// Whether the role counts as the owner (PostgreSQL's pg_*_ownercheck:
// superuser, the owner itself, or a role with the owner's privileges), and how.
std::optional<std::string> explain_owner(const RoleFacts& role, const Privileges& p);

// A sentence naming NOINHERIT memberships that hold the bit but do not count,
// or an empty string; it tells the reader why a grant they can see is ignored.
std::string noinherit_note(const RoleFacts& role, const Privileges& p, AclMode bit);

// The statement that makes the role a member of `group` that inherits its
// privileges: from 16 WITH INHERIT TRUE (a plain GRANT would follow a
// NOINHERIT role's default); before 16 a NOINHERIT role must inherit first.
Fix membership_grant(const RoleFacts& role, const std::string& group);

} // namespace preflight
