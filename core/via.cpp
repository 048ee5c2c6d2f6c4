#include "via.hpp"
#include "quote.hpp"

namespace preflight {

namespace {

// Predefined roles that grant a privilege without an ACL item
// (pg_class_aclmask and pg_namespace_aclmask in aclchk.c).
std::optional<std::string> predefined_source(const RoleFacts& role, AclMode bit) {
    auto holds = [&](const char* name) {
        for (const auto& [oid, m] : role.privs_of)
            if (m.predefined && m.name == name)
                return true;
        return false;
    };
    if ((bit & (priv::kSelect | priv::kUsage)) && holds("pg_read_all_data"))
        return std::string("pg_read_all_data");
    if ((bit & (priv::kInsert | priv::kUpdate | priv::kDelete | priv::kUsage)) &&
        holds("pg_write_all_data"))
        return std::string("pg_write_all_data");
    return std::nullopt;
}

} // namespace

std::optional<std::string> explain(const RoleFacts& role, const Privileges& p, AclMode bit) {
    if (!(p.held & bit))
        return std::nullopt;
    if (role.superuser)
        return std::string("superuser");
    bool is_public = false;
    std::optional<std::string> member;
    for (const auto& item : p.acl) {
        if (!(item.privs & bit))
            continue;
        if (item.grantee == role.oid)
            return std::string(role.oid == p.owner ? "owner" : "direct");
        if (item.grantee == kPublicGrantee) {
            is_public = true;
            continue;
        }
        auto m = role.privs_of.find(item.grantee);
        if (m != role.privs_of.end() && !member)
            member = m->second.predefined ? m->second.name : "member of " + m->second.name;
    }
    if (member)
        return member;
    if (is_public)
        return std::string("PUBLIC");
    if (auto pre = predefined_source(role, bit))
        return pre;
    // PostgreSQL granted it by a path the ACL does not show (a newer
    // predefined role, say): still held, so say so rather than guess.
    return std::string("granted");
}

std::optional<std::string> explain_owner(const RoleFacts& role, const Privileges& p) {
    if (role.superuser)
        return std::string("superuser");
    if (p.owner == role.oid)
        return std::string("owner");
    auto m = role.privs_of.find(p.owner);
    if (m != role.privs_of.end())
        return m->second.predefined ? m->second.name : "member of " + m->second.name;
    return std::nullopt;
}

std::string noinherit_note(const RoleFacts& role, const Privileges& p, AclMode bit) {
    std::string can_set, cannot_set;
    for (const auto& item : p.acl) {
        if (!(item.privs & bit))
            continue;
        auto m = role.noinherit_member_of.find(item.grantee);
        if (m == role.noinherit_member_of.end())
            continue;
        std::string& names = role.cannot_set_role.count(m->first) ? cannot_set : can_set;
        if (!names.empty())
            names += ", ";
        names += quote_ident(m->second);
    }
    std::string note;
    if (!can_set.empty())
        note +=
            " It is granted to " + can_set + ", but the role does not inherit from it (" +
            (role.grant_options && role.inherit ? "its grant is WITH INHERIT FALSE" : "NOINHERIT") +
            "): SET ROLE would be needed.";
    if (!cannot_set.empty())
        note += " It is granted to " + cannot_set +
                ", but the role's membership neither inherits nor allows SET ROLE (WITH INHERIT "
                "FALSE, SET FALSE): it gives the role nothing.";
    return note;
}

Fix membership_grant(const RoleFacts& role, const std::string& group) {
    const std::string member = quote_ident(role.name);
    if (role.grant_options)
        return {"GRANT " + quote_ident(group) + " TO " + member + " WITH INHERIT TRUE;",
                FixOrder::Grant};
    if (!role.inherit)
        return {"ALTER ROLE " + member + " INHERIT; GRANT " + quote_ident(group) + " TO " + member +
                    ";",
                FixOrder::Role};
    return {"GRANT " + quote_ident(group) + " TO " + member + ";", FixOrder::Grant};
}

} // namespace preflight
