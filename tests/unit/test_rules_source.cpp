// The source job: connect, schema USAGE, SELECT on every table or column,
// SELECT on the sequences the tables use.
#include "catalog_builder.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace testing;

// Schema "sales" with tables "orders" (id, customer, total) and "items",
// a serial sequence on orders.id, all owned by app_owner.
struct Shop {
    CatalogBuilder b;
    Oid sales = b.schema("sales");
    Oid orders = b.table(sales, "orders", {"id", "customer", "total"});
    Oid items = b.table(sales, "items", {"id"});
    Oid seq = b.serial(orders, 1);

    void grant_all() {
        b.grant(b.schema_priv(sales), kRole, priv::kUsage);
        b.grant(b.table_priv(orders), kRole, priv::kSelect);
        b.grant(b.table_priv(items), kRole, priv::kSelect);
        b.grant(b.sequence_priv(seq), kRole, priv::kSelect);
    }
};

TEST(Source, EveryRowInOrderWhenAllIsGranted) {
    Shop f;
    f.grant_all();
    Rows rows = check_source_and_sequences(f.b.build());
    EXPECT_EQ(describe(rows), "  role - loader LOGIN [connect] ok via=role attribute fix=-\n"
                              "  database - db CONNECT [connect] ok via=PUBLIC fix=-\n"
                              "  schema sales sales USAGE [read] ok via=direct fix=-\n"
                              "  table sales orders SELECT [read] ok via=direct fix=-\n"
                              "  table sales items SELECT [read] ok via=direct fix=-\n"
                              "  schema sales sales USAGE [read sequences] ok via=direct fix=-\n"
                              "  sequence sales orders_id_seq SELECT [read sequences] ok "
                              "via=direct fix=-\n");
    EXPECT_TRUE(ready(rows));
    Row t = only_row(rows, "table", "orders", "SELECT", "read");
    EXPECT_EQ(t.schema_name, "sales");
    EXPECT_EQ(t.column_name, std::nullopt);
    EXPECT_EQ(t.detail, "Needed to read \"sales\".\"orders\".");
}

TEST(Source, NothingGranted) {
    Shop f;
    Rows rows = check_source_and_sequences(f.b.build());
    EXPECT_FALSE(ready(rows));
    EXPECT_EQ(describe(with_status(rows, Status::Missing)),
              "  schema sales sales USAGE [read] missing via=- fix=GRANT USAGE ON SCHEMA "
              "\"sales\" TO \"loader\";\n"
              "  table sales orders SELECT [read] missing via=- fix=GRANT SELECT ON TABLE "
              "\"sales\".\"orders\" TO \"loader\";\n"
              "  table sales items SELECT [read] missing via=- fix=GRANT SELECT ON TABLE "
              "\"sales\".\"items\" TO \"loader\";\n"
              "  schema sales sales USAGE [read sequences] missing via=- fix=GRANT USAGE ON "
              "SCHEMA \"sales\" TO \"loader\";\n"
              "  sequence sales orders_id_seq SELECT [read sequences] missing via=- fix=GRANT "
              "SELECT ON SEQUENCE \"sales\".\"orders_id_seq\" TO \"loader\";\n");
}

TEST(Source, RoleWithoutLogin) {
    Shop f;
    f.grant_all();
    f.b.login(false);
    Rows rows = check_source(f.b.build());
    Row r = only_row(rows, "role", "loader", "LOGIN", "connect");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.via, std::nullopt);
    EXPECT_EQ(r.detail, "The role has NOLOGIN, so no job can open a session as it.");
    EXPECT_EQ(r.fix, "ALTER ROLE \"loader\" LOGIN;");
    EXPECT_EQ(r.schema_name, std::nullopt);
    EXPECT_FALSE(ready(rows));
    EXPECT_EQ(with_status(rows, Status::Missing).size(), 1u);
}

TEST(Source, SuperuserWithoutLoginStillCannotConnect) {
    Shop f;
    f.b.superuser().login(false);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(only_row(rows, "role", "loader", "LOGIN", "connect").status, Status::Missing);
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", "read").via, "superuser");
    EXPECT_EQ(with_status(rows, Status::Missing).size(), 1u);
}

TEST(Source, ConnectRevokedFromPublic) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.raw().database.priv, kPublicGrantee, priv::kConnect);
    Rows rows = check_source(f.b.build());
    Row r = only_row(rows, "database", "db", "CONNECT", "connect");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(
        r.detail,
        "The role lacks CONNECT on database \"db\", needed to open a session on the database.");
    EXPECT_EQ(r.fix, "GRANT CONNECT ON DATABASE \"db\" TO \"loader\";");
}

TEST(Source, ConnectThroughAGroup) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.raw().database.priv, kPublicGrantee, priv::kConnect);
    CatalogBuilder::grant(f.b.raw().database.priv, kReaders, priv::kConnect);
    f.b.member_of(kReaders);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(only_row(rows, "database", "db", "CONNECT", "connect").via, "member of readers");
}

TEST(Source, SchemaUsageMissing) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.schema_priv(f.sales), kRole, priv::kUsage);
    Rows rows = check_source_and_sequences(f.b.build());
    Row r = only_row(rows, "schema", "sales", "USAGE", "read");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.schema_name, "sales");
    EXPECT_EQ(r.detail, "The role lacks USAGE on schema \"sales\", needed to read the tables of "
                        "schema \"sales\".");
    EXPECT_EQ(r.fix, "GRANT USAGE ON SCHEMA \"sales\" TO \"loader\";");
    // The table grants still count, the schema is what is missing.
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", "read").status, Status::Ok);
    EXPECT_EQ(only_row(rows, "schema", "sales", "USAGE", "read sequences").status, Status::Missing);
}

TEST(Source, SchemaCreateIsNotUsage) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.schema_priv(f.sales), kRole, priv::kUsage);
    CatalogBuilder::grant(f.b.schema_priv(f.sales), kRole, priv::kCreate);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(only_row(rows, "schema", "sales", "USAGE", "read").status, Status::Missing);
}

TEST(Source, AbsentSchemaHasNoFix) {
    CatalogBuilder b;
    b.absent_schema("nope");
    Rows rows = check_source(b.build());
    Row r = only_row(rows, "schema", "nope", "USAGE", "read");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail,
              "Schema \"nope\" does not exist, so there is nothing to read: check the name.");
    EXPECT_EQ(r.fix, std::nullopt);
    EXPECT_FALSE(ready(rows));
}

TEST(Source, ColumnOnlyGrantsOnEveryColumnGiveColumnRows) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.table_priv(f.orders), kRole, priv::kSelect);
    for (int a = 1; a <= 3; ++a)
        f.b.grant_column(f.orders, a, kRole, priv::kSelect);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(rows_where(rows, "table", "orders", "SELECT", "read").size(), 0u);
    auto cols = rows_where(rows, "column", "orders", "SELECT", "read");
    ASSERT_EQ(cols.size(), 3u);
    EXPECT_EQ(cols[0].column_name, "id");
    EXPECT_EQ(cols[1].column_name, "customer");
    EXPECT_EQ(cols[2].column_name, "total");
    for (const auto& c : cols) {
        EXPECT_EQ(c.status, Status::Ok);
        EXPECT_EQ(c.via, "direct");
        EXPECT_EQ(c.detail, "Needed to read \"sales\".\"orders\"; granted on the column, not the "
                            "table.");
    }
    EXPECT_TRUE(ready(rows));
}

TEST(Source, ColumnOnlyGrantsOnSomeColumns) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.table_priv(f.orders), kRole, priv::kSelect);
    f.b.grant_column(f.orders, 1, kRole, priv::kSelect);
    f.b.member_of(kReaders);
    f.b.grant_column(f.orders, 3, kReaders, priv::kSelect);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(rows_where(rows, "table", "orders", "SELECT", "read").size(), 0u);
    EXPECT_EQ(column_row(rows, "orders", "id", "SELECT", "read").via, "direct");
    EXPECT_EQ(column_row(rows, "orders", "total", "SELECT", "read").via, "member of readers");
    Row m = column_row(rows, "orders", "customer", "SELECT", "read");
    EXPECT_EQ(m.status, Status::Missing);
    EXPECT_EQ(m.via, std::nullopt);
    EXPECT_EQ(m.detail, "The role lacks SELECT on column \"customer\" (and on the table), needed "
                        "to read \"sales\".\"orders\".");
    EXPECT_EQ(m.fix, "GRANT SELECT (\"customer\") ON TABLE \"sales\".\"orders\" TO \"loader\";");
    EXPECT_EQ(with_status(rows, Status::Missing).size(), 1u);
}

TEST(Source, ColumnGrantOfAnotherPrivilegeDoesNotSplitTheRow) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.table_priv(f.orders), kRole, priv::kSelect);
    f.b.grant_column(f.orders, 1, kRole, priv::kUpdate);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", "read").status, Status::Missing);
    EXPECT_EQ(rows_where(rows, "column", "orders").size(), 0u);
}

TEST(Source, TableGrantWinsOverColumnGrants) {
    Shop f;
    f.grant_all();
    f.b.grant_column(f.orders, 1, kRole, priv::kSelect);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", "read").via, "direct");
    EXPECT_EQ(rows_where(rows, "column", "orders").size(), 0u);
}

TEST(Source, SequenceSelectMissing) {
    Shop f;
    f.grant_all();
    CatalogBuilder::revoke(f.b.sequence_priv(f.seq), kRole, priv::kSelect);
    CatalogBuilder::grant(f.b.sequence_priv(f.seq), kRole, priv::kUsage);
    Rows rows = check_source_and_sequences(f.b.build());
    Row r = only_row(rows, "sequence", "orders_id_seq", "SELECT", "read sequences");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks SELECT on sequence \"sales\".\"orders_id_seq\", needed "
                        "to read its last_value and is_called.");
    EXPECT_EQ(r.fix, "GRANT SELECT ON SEQUENCE \"sales\".\"orders_id_seq\" TO \"loader\";");
}

TEST(Source, SequenceInAnotherSchema) {
    Shop f;
    f.grant_all();
    Oid ids = f.b.schema("ids", kOwner, false);
    Oid q = f.b.sequence(ids, "global_id", kOwner);
    f.b.uses_sequence(f.items, q, 1);
    f.b.grant(f.b.sequence_priv(q), kPublicGrantee, priv::kSelect);
    Rows rows = check_source_and_sequences(f.b.build());
    Row s = only_row(rows, "schema", "ids", "USAGE", "read sequences");
    EXPECT_EQ(s.status, Status::Missing);
    EXPECT_EQ(s.detail, "The role lacks USAGE on schema \"ids\", needed to read the sequences of "
                        "schema \"ids\".");
    EXPECT_EQ(s.fix, "GRANT USAGE ON SCHEMA \"ids\" TO \"loader\";");
    EXPECT_EQ(only_row(rows, "sequence", "global_id", "SELECT", "read sequences").via, "PUBLIC");
}

TEST(Source, PgReadAllDataReadsEverything) {
    Shop f;
    f.b.member_of(kPgReadAllData);
    Rows rows = check_source_and_sequences(f.b.build());
    EXPECT_TRUE(ready(rows)) << describe(rows);
    EXPECT_EQ(only_row(rows, "schema", "sales", "USAGE", "read").via, "pg_read_all_data");
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", "read").via, "pg_read_all_data");
    EXPECT_EQ(only_row(rows, "sequence", "orders_id_seq", "SELECT", "read sequences").via,
              "pg_read_all_data");
}

TEST(Source, SequencesAreNotReadUnlessAsked) {
    // Neosync never reads a sequence on the source (JOBS.md): by default
    // the check asks for nothing on them, even with no grant at all.
    Shop f;
    f.b.grant(f.b.schema_priv(f.sales), kRole, priv::kUsage);
    f.b.grant(f.b.table_priv(f.orders), kRole, priv::kSelect);
    f.b.grant(f.b.table_priv(f.items), kRole, priv::kSelect);
    Rows rows = check_source(f.b.build());
    EXPECT_TRUE(ready(rows)) << describe(rows);
    for (const auto& r : rows) {
        EXPECT_NE(r.object_type, "sequence") << describe(r);
        EXPECT_NE(r.needed_for, "read sequences") << describe(r);
    }
    EXPECT_FALSE(ready(check_source_and_sequences(f.b.build())));
}

TEST(Source, PgWriteAllDataDoesNotRead) {
    Shop f;
    f.b.member_of(kPgWriteAllData);
    Rows rows = check_source(f.b.build());
    EXPECT_EQ(only_row(rows, "schema", "sales", "USAGE", "read").via, "pg_write_all_data");
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", "read").status, Status::Missing);
}

TEST(Source, OwnerReadsOwnTables) {
    CatalogBuilder b;
    Oid s = b.schema("mine", kRole);
    Oid t = b.table(s, "t", {"id"}, kRole);
    b.serial(t, 1);
    Rows rows = check_source(b.build());
    EXPECT_TRUE(ready(rows));
    for (const auto& r : rows) {
        if (r.object_type != "role" && r.object_type != "database") {
            EXPECT_EQ(r.via, "owner") << describe(r);
        }
    }
}

TEST(Source, SourceJobNeverAsksForWritePrivileges) {
    Shop f;
    f.grant_all();
    f.b.table_facts(f.orders).check_funcs.push_back(
        f.b.function(f.sales, "f", "integer", kOwner, false));
    f.b.trigger(f.orders, "trg", trigger_event::kInsert, kInvalidOid);
    Rows rows = check_source(f.b.build());
    for (const auto& r : rows) {
        EXPECT_NE(r.privilege, "INSERT");
        EXPECT_NE(r.privilege, "TRUNCATE");
        EXPECT_NE(r.object_type, "function");
        EXPECT_NE(r.object_type, "trigger");
    }
}

} // namespace
} // namespace preflight
