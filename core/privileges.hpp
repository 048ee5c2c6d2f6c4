// Privilege bits, with the same values as PostgreSQL's ACL_* (utils/acl.h and
// nodes/parsenodes.h), so the backend can hand its masks over unchanged; the
// extension static_asserts that they agree.
#pragma once

#include <cstdint>
#include <string>

namespace preflight {

using Oid = std::uint32_t;
using AclMode = std::uint32_t;

constexpr Oid kInvalidOid = 0;
constexpr Oid kFirstNormalObjectId = 16384; // FirstNormalObjectId: OIDs below are built in
constexpr Oid kPublicGrantee = 0;           // ACL_ID_PUBLIC

namespace priv {
constexpr AclMode kInsert = 1u << 0;
constexpr AclMode kSelect = 1u << 1;
constexpr AclMode kUpdate = 1u << 2;
constexpr AclMode kDelete = 1u << 3;
constexpr AclMode kTruncate = 1u << 4;
constexpr AclMode kReferences = 1u << 5;
constexpr AclMode kTrigger = 1u << 6;
constexpr AclMode kExecute = 1u << 7;
constexpr AclMode kUsage = 1u << 8;
constexpr AclMode kCreate = 1u << 9;
constexpr AclMode kTemporary = 1u << 10;
constexpr AclMode kConnect = 1u << 11;
} // namespace priv

// The SQL keyword for one privilege bit ("SELECT", "TEMPORARY", ...).
std::string privilege_keyword(AclMode bit);

} // namespace preflight
