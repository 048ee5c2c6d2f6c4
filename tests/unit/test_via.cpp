// How a privilege is held: explain, explain_owner, noinherit_note, and the
// via column of the rows and access matrices built on them.
#include "catalog_builder.hpp"
#include "core/matrix.hpp"
#include "core/via.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace testing;

// A table owned by app_owner, ACL as given, held as PostgreSQL would say.
struct Fixture {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid t = b.table(s, "t", {"id"});

    std::optional<std::string> via(AclMode bit) {
        Catalog c = b.build();
        return explain(c.role, c.tables.at(t).priv, bit);
    }
    std::optional<std::string> owner_via() {
        Catalog c = b.build();
        return explain_owner(c.role, c.tables.at(t).priv);
    }
};

TEST(Explain, NotHeld) {
    Fixture f;
    EXPECT_EQ(f.via(priv::kSelect), std::nullopt);
    EXPECT_EQ(f.owner_via(), std::nullopt);
}

TEST(Explain, Superuser) {
    Fixture f;
    f.b.superuser();
    EXPECT_EQ(f.via(priv::kSelect), "superuser");
    EXPECT_EQ(f.via(priv::kTruncate), "superuser");
    EXPECT_EQ(f.owner_via(), "superuser");
    // Even with a direct grant in the ACL, superuser is the reason.
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "superuser");
}

TEST(Explain, Owner) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid t = b.table(s, "t", {"id"}, kRole);
    Catalog c = b.build();
    EXPECT_EQ(explain(c.role, c.tables.at(t).priv, priv::kSelect), "owner");
    EXPECT_EQ(explain(c.role, c.tables.at(t).priv, priv::kTruncate), "owner");
    EXPECT_EQ(explain_owner(c.role, c.tables.at(t).priv), "owner");
}

TEST(Explain, OwnerWhoRevokedFromThemselves) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid t = b.table(s, "t", {"id"}, kRole);
    CatalogBuilder::revoke(b.table_priv(t), kRole, priv::kSelect);
    Catalog c = b.build();
    EXPECT_EQ(explain(c.role, c.tables.at(t).priv, priv::kSelect), std::nullopt);
    EXPECT_EQ(explain(c.role, c.tables.at(t).priv, priv::kInsert), "owner");
    EXPECT_EQ(explain_owner(c.role, c.tables.at(t).priv), "owner");
}

TEST(Explain, Direct) {
    Fixture f;
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect | priv::kInsert);
    EXPECT_EQ(f.via(priv::kSelect), "direct");
    EXPECT_EQ(f.via(priv::kInsert), "direct");
    EXPECT_EQ(f.via(priv::kUpdate), std::nullopt);
    EXPECT_EQ(f.owner_via(), std::nullopt);
}

TEST(Explain, Public) {
    Fixture f;
    CatalogBuilder::grant(f.b.table_priv(f.t), kPublicGrantee, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "PUBLIC");
    EXPECT_EQ(f.via(priv::kInsert), std::nullopt);
}

TEST(Explain, MemberOf) {
    Fixture f;
    f.b.member_of(kReaders);
    CatalogBuilder::grant(f.b.table_priv(f.t), kReaders, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "member of readers");
    EXPECT_EQ(f.owner_via(), std::nullopt);
}

TEST(Explain, MemberOfTheOwnerHoldsAsOwner) {
    Fixture f;
    f.b.member_of(kOwner);
    EXPECT_EQ(f.via(priv::kTruncate), "member of app_owner");
    EXPECT_EQ(f.owner_via(), "member of app_owner");
}

TEST(Explain, DirectWinsOverMembershipAndPublicWhateverTheAclOrder) {
    Fixture f;
    f.b.member_of(kReaders);
    CatalogBuilder::grant(f.b.table_priv(f.t), kPublicGrantee, priv::kSelect);
    CatalogBuilder::grant(f.b.table_priv(f.t), kReaders, priv::kSelect);
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "direct");
}

TEST(Explain, MembershipWinsOverPublic) {
    Fixture f;
    f.b.member_of(kReaders);
    CatalogBuilder::grant(f.b.table_priv(f.t), kPublicGrantee, priv::kSelect);
    CatalogBuilder::grant(f.b.table_priv(f.t), kReaders, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "member of readers");
}

TEST(Explain, GrantToARoleTheRoleDoesNotHaveIsIgnored) {
    Fixture f;
    CatalogBuilder::grant(f.b.table_priv(f.t), kReaders, priv::kSelect);
    CatalogBuilder::grant(f.b.table_priv(f.t), kPublicGrantee, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "PUBLIC");
}

TEST(Explain, PgReadAllData) {
    Fixture f;
    f.b.member_of(kPgReadAllData);
    EXPECT_EQ(f.via(priv::kSelect), "pg_read_all_data");
    EXPECT_EQ(f.via(priv::kInsert), std::nullopt);
    EXPECT_EQ(f.via(priv::kTruncate), std::nullopt);
    Catalog c = f.b.build();
    EXPECT_EQ(explain(c.role, c.schemas.front().priv, priv::kUsage), "pg_read_all_data");
    EXPECT_EQ(explain(c.role, c.schemas.front().priv, priv::kCreate), std::nullopt);
}

TEST(Explain, PgWriteAllData) {
    Fixture f;
    f.b.member_of(kPgWriteAllData);
    EXPECT_EQ(f.via(priv::kInsert), "pg_write_all_data");
    EXPECT_EQ(f.via(priv::kUpdate), "pg_write_all_data");
    EXPECT_EQ(f.via(priv::kDelete), "pg_write_all_data");
    EXPECT_EQ(f.via(priv::kSelect), std::nullopt);
    EXPECT_EQ(f.via(priv::kTruncate), std::nullopt);
    Catalog c = f.b.build();
    EXPECT_EQ(explain(c.role, c.schemas.front().priv, priv::kUsage), "pg_write_all_data");
}

TEST(Explain, ADirectGrantWinsOverAPredefinedRole) {
    Fixture f;
    f.b.member_of(kPgReadAllData);
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    EXPECT_EQ(f.via(priv::kSelect), "direct");
}

TEST(Explain, PgDatabaseOwnerGrantee) {
    // PostgreSQL 15's public schema: owned by pg_database_owner, which has
    // UC; the database owner has its privileges.
    CatalogBuilder b;
    Oid s = b.schema("public", kPgDatabaseOwner);
    b.grant(b.schema_priv(s), kPublicGrantee, priv::kUsage);
    b.member_of(kPgDatabaseOwner);
    Catalog c = b.build();
    EXPECT_EQ(explain(c.role, c.schemas.front().priv, priv::kCreate), "pg_database_owner");
    EXPECT_EQ(explain(c.role, c.schemas.front().priv, priv::kUsage), "pg_database_owner");
    EXPECT_EQ(explain_owner(c.role, c.schemas.front().priv), "pg_database_owner");
}

TEST(Explain, HeldByAPathTheAclDoesNotShow) {
    Fixture f;
    Catalog c = f.b.build();
    Privileges p = c.tables.at(f.t).priv;
    p.held = priv::kSelect;
    EXPECT_EQ(explain(c.role, p, priv::kSelect), "granted");
}

TEST(Explain, HeldIsTheAuthority) {
    // An ACL item for the role that PostgreSQL does not count (held says no).
    Fixture f;
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    Catalog c = f.b.build();
    Privileges p = c.tables.at(f.t).priv;
    p.held = 0;
    EXPECT_EQ(explain(c.role, p, priv::kSelect), std::nullopt);
}

TEST(NoinheritNote, NamesTheRolesThatHoldTheBit) {
    Fixture f;
    f.b.noinherit_member_of(kAdmins).noinherit_member_of(kWriters);
    CatalogBuilder::grant(f.b.table_priv(f.t), kAdmins, priv::kSelect | priv::kInsert);
    CatalogBuilder::grant(f.b.table_priv(f.t), kWriters, priv::kInsert);
    Catalog c = f.b.build();
    const auto& p = c.tables.at(f.t).priv;
    EXPECT_EQ(explain(c.role, p, priv::kSelect), std::nullopt);
    EXPECT_EQ(noinherit_note(c.role, p, priv::kSelect),
              " It is granted to \"admins\", but the role does not inherit from it (NOINHERIT): "
              "SET ROLE would be needed.");
    EXPECT_EQ(noinherit_note(c.role, p, priv::kInsert),
              " It is granted to \"admins\", \"writers\", but the role does not inherit from it "
              "(NOINHERIT): SET ROLE would be needed.");
    EXPECT_EQ(noinherit_note(c.role, p, priv::kUpdate), "");
}

// From 16 (grant_options) a member that inherits by default was granted
// WITH INHERIT FALSE, and one WITH SET FALSE cannot use SET ROLE either.
TEST(NoinheritNote, SaysWhichGrantsOf16AllowSetRole) {
    Fixture f;
    f.b.noinherit_member_of(kAdmins).noinherit_member_of(kWriters);
    CatalogBuilder::grant(f.b.table_priv(f.t), kAdmins, priv::kSelect);
    CatalogBuilder::grant(f.b.table_priv(f.t), kWriters, priv::kSelect);
    Catalog c = f.b.build();
    c.role.grant_options = true;
    c.role.cannot_set_role.insert(kWriters);
    const auto& p = c.tables.at(f.t).priv;
    EXPECT_EQ(noinherit_note(c.role, p, priv::kSelect),
              " It is granted to \"admins\", but the role does not inherit from it (its grant is "
              "WITH INHERIT FALSE): SET ROLE would be needed. It is granted to \"writers\", but "
              "the role's membership neither inherits nor allows SET ROLE (WITH INHERIT FALSE, SET "
              "FALSE): it gives the role nothing.");
    c.role.inherit = false; // NOINHERIT: its grants do not inherit by default
    EXPECT_EQ(noinherit_note(c.role, p, priv::kSelect)
                  .rfind(" It is granted to \"admins\", but the role does not inherit from it "
                         "(NOINHERIT): SET ROLE would be needed.",
                         0),
              0u);
}

TEST(NoinheritNote, EmptyWithoutNoinheritMemberships) {
    Fixture f;
    f.b.member_of(kReaders);
    CatalogBuilder::grant(f.b.table_priv(f.t), kReaders, priv::kSelect);
    Catalog c = f.b.build();
    EXPECT_EQ(noinherit_note(c.role, c.tables.at(f.t).priv, priv::kSelect), "");
}

TEST(NoinheritNote, AppearsInTheMissingRowsDetail) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Oid t = b.table(s, "t", {"id"});
    b.noinherit_member_of(kAdmins);
    b.grant(b.table_priv(t), kAdmins, priv::kSelect);
    Rows rows = check_source(b.build());
    Row r = only_row(rows, "table", "t", "SELECT", "read");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.via, std::nullopt);
    EXPECT_EQ(r.detail, "The role lacks SELECT on table \"s\".\"t\", needed to read \"s\".\"t\". "
                        "It is granted to \"admins\", but the role does not inherit from it "
                        "(NOINHERIT): SET ROLE would be needed.");
    EXPECT_EQ(r.fix, "GRANT SELECT ON TABLE \"s\".\"t\" TO \"loader\";");
}

TEST(ViaInRows, EachWayOfHoldingShowsInTheRow) {
    CatalogBuilder b;
    b.member_of(kReaders).member_of(kPgReadAllData);
    Oid s = b.schema("s");
    b.grant(b.schema_priv(s), kPublicGrantee, priv::kUsage);
    Oid direct = b.table(s, "direct", {"id"});
    b.grant(b.table_priv(direct), kRole, priv::kSelect);
    Oid pub = b.table(s, "pub", {"id"});
    b.grant(b.table_priv(pub), kPublicGrantee, priv::kSelect);
    Oid member = b.table(s, "member", {"id"});
    b.grant(b.table_priv(member), kReaders, priv::kSelect);
    b.table(s, "predefined", {"id"});
    b.table(s, "mine", {"id"}, kRole);
    Rows rows = check_source(b.build());
    EXPECT_EQ(only_row(rows, "schema", "s", "USAGE", "read").via, "PUBLIC");
    EXPECT_EQ(only_row(rows, "table", "direct", "SELECT", "read").via, "direct");
    EXPECT_EQ(only_row(rows, "table", "pub", "SELECT", "read").via, "PUBLIC");
    EXPECT_EQ(only_row(rows, "table", "member", "SELECT", "read").via, "member of readers");
    EXPECT_EQ(only_row(rows, "table", "predefined", "SELECT", "read").via, "pg_read_all_data");
    EXPECT_EQ(only_row(rows, "table", "mine", "SELECT", "read").via, "owner");
    EXPECT_EQ(only_row(rows, "role", "loader", "LOGIN", "connect").via, "role attribute");
    EXPECT_EQ(only_row(rows, "database", "db", "CONNECT", "connect").via, "PUBLIC");
    EXPECT_TRUE(ready(rows));
}

TEST(AccessRow, OneViaWhenAllAgree) {
    Fixture f;
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect | priv::kInsert);
    Catalog c = f.b.build();
    AccessRow r = access_row(c.role, "s", "t", c.tables.at(f.t).priv,
                             {priv::kSelect, priv::kInsert, priv::kUpdate}, true);
    EXPECT_EQ(r.schema_name, "s");
    EXPECT_EQ(r.object_name, "t");
    EXPECT_EQ(r.held, (std::vector<bool>{true, true, false, false}));
    EXPECT_EQ(r.via, "direct");
}

TEST(AccessRow, PerPrivilegeViasWhenTheyDiffer) {
    Fixture f;
    f.b.member_of(kWriters);
    CatalogBuilder::grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    CatalogBuilder::grant(f.b.table_priv(f.t), kWriters, priv::kInsert);
    Catalog c = f.b.build();
    AccessRow r = access_row(c.role, "s", "t", c.tables.at(f.t).priv,
                             {priv::kSelect, priv::kInsert, priv::kDelete}, false);
    EXPECT_EQ(r.held, (std::vector<bool>{true, true, false}));
    EXPECT_EQ(r.via, "SELECT: direct; INSERT: member of writers");
}

TEST(AccessRow, NothingHeld) {
    Fixture f;
    Catalog c = f.b.build();
    AccessRow r = access_row(c.role, "s", "t", c.tables.at(f.t).priv, {priv::kSelect}, true);
    EXPECT_EQ(r.held, (std::vector<bool>{false, false}));
    EXPECT_EQ(r.via, "");
}

} // namespace
} // namespace preflight
