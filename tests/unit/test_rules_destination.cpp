// The destination job: write, upsert, truncate, reset sequences, create
// schemas and tables, CHECK and generated-column functions, foreign keys
// checked as the referenced owner, triggers.
#include "catalog_builder.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace testing;

// The steps' names come from core's table (test_job_model.cpp holds it to the contract).
const char* const kWrite = step_name(Step::Write);
const char* const kUpsert = step_name(Step::Upsert);
const char* const kTruncate = step_name(Step::Truncate);
const char* const kReset = step_name(Step::ResetSequences);

// --- write ------------------------------------------------------------------

struct Dest {
    CatalogBuilder b;
    Oid s = b.schema("dst");
    Oid t = b.table(s, "orders", {"id", "customer", "total"});
    Dest() {
        b.grant(b.schema_priv(s), kRole, priv::kUsage);
        b.table_facts(t).primary_key = {1};
    }
};

TEST(Write, InsertGranted) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Rows rows = check_destination(
        f.b.build(), JobOptions{.update_foreign_keys = false, .reset_sequences = false});
    EXPECT_EQ(describe(rows), "  role - loader LOGIN [connect] ok via=role attribute fix=-\n"
                              "  database - db CONNECT [connect] ok via=PUBLIC fix=-\n"
                              "  schema dst dst USAGE [write] ok via=direct fix=-\n"
                              "  table dst orders INSERT [write] ok via=direct fix=-\n");
    EXPECT_EQ(only_row(rows, "table", "orders", "INSERT", kWrite).detail,
              "Needed to insert rows into \"dst\".\"orders\".");
}

TEST(Write, InsertMissing) {
    Dest f;
    Rows rows = check_destination(f.b.build());
    Row r = only_row(rows, "table", "orders", "INSERT", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks INSERT on table \"dst\".\"orders\", needed to insert rows "
                        "into \"dst\".\"orders\".");
    EXPECT_EQ(r.fix, "GRANT INSERT ON TABLE \"dst\".\"orders\" TO \"loader\";");
    EXPECT_FALSE(ready(rows));
}

TEST(Write, SchemaUsageMissing) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    CatalogBuilder::revoke(f.b.schema_priv(f.s), kRole, priv::kUsage);
    Rows rows = check_destination(f.b.build());
    // The schema row for the step and the one for the table are one row.
    Row r = only_row(rows, "schema", "dst", "USAGE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix, "GRANT USAGE ON SCHEMA \"dst\" TO \"loader\";");
    EXPECT_EQ(with_status(rows, Status::Missing).size(), 1u);
}

TEST(Write, SelectIsNotInsert) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kSelect | priv::kUpdate);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "orders", "INSERT", kWrite).status, Status::Missing);
}

TEST(Write, PgWriteAllData) {
    Dest f;
    CatalogBuilder::revoke(f.b.schema_priv(f.s), kRole, priv::kUsage);
    f.b.member_of(kPgWriteAllData);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "schema", "dst", "USAGE", kWrite).via, "pg_write_all_data");
    EXPECT_EQ(only_row(rows, "table", "orders", "INSERT", kWrite).via, "pg_write_all_data");
}

TEST(Write, GeneratedColumnsAreNotWritten) {
    Dest f;
    f.b.column(f.t, 3).generated = true;
    f.b.grant_column(f.t, 1, kRole, priv::kInsert);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(rows_where(rows, "table", "orders", "INSERT", kWrite).size(), 0u);
    auto cols = rows_where(rows, "column", "orders", "INSERT", kWrite);
    ASSERT_EQ(cols.size(), 2u) << describe(rows);
    EXPECT_EQ(cols[0].column_name, "id");
    EXPECT_EQ(cols[0].status, Status::Ok);
    EXPECT_EQ(cols[1].column_name, "customer");
    EXPECT_EQ(cols[1].status, Status::Missing);
    EXPECT_EQ(cols[1].fix,
              "GRANT INSERT (\"customer\") ON TABLE \"dst\".\"orders\" TO \"loader\";");
}

TEST(Write, NoGrantWithAGeneratedColumnIsOneTableRow) {
    Dest f;
    f.b.column(f.t, 3).generated = true;
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "orders", "INSERT", kWrite).fix,
              "GRANT INSERT ON TABLE \"dst\".\"orders\" TO \"loader\";");
    EXPECT_EQ(rows_where(rows, "column", "orders", "INSERT", kWrite).size(), 0u);
}

TEST(Write, ColumnInsertGrantsOnEveryWrittenColumn) {
    Dest f;
    for (int a = 1; a <= 3; ++a)
        f.b.grant_column(f.t, a, kRole, priv::kInsert);
    Rows rows = check_destination(f.b.build());
    auto cols = rows_where(rows, "column", "orders", "INSERT", kWrite);
    ASSERT_EQ(cols.size(), 3u);
    for (const auto& c : cols)
        EXPECT_EQ(c.status, Status::Ok);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

// --- functions the row checks call ----------------------------------------------

TEST(Write, CheckConstraintFunctionNeedsExecute) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(f.s, "positive", "numeric", kOwner, false);
    f.b.table_facts(f.t).check_funcs.push_back(fn);
    Rows rows = check_destination(f.b.build());
    Row r = only_row(rows, "function", "positive(numeric)", "EXECUTE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.schema_name, "dst");
    EXPECT_EQ(r.detail, "The role lacks EXECUTE on function dst.positive(numeric), called to check "
                        "a CHECK constraint of \"dst\".\"orders\".");
    EXPECT_EQ(r.fix, "GRANT EXECUTE ON FUNCTION \"dst\".\"positive\"(numeric) TO \"loader\";");
}

TEST(Write, CheckConstraintFunctionExecutableByPublic) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(f.s, "positive", "numeric");
    f.b.table_facts(f.t).check_funcs.push_back(fn);
    Rows rows = check_destination(f.b.build());
    Row r = only_row(rows, "function", "positive(numeric)", "EXECUTE", kWrite);
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.via, "PUBLIC");
    EXPECT_EQ(r.detail, "Called to check a CHECK constraint of \"dst\".\"orders\".");
}

TEST(Write, BuiltInFunctionsHeldMakeNoRow) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(kInvalidOid, "int4gt", "integer, integer", kPostgres);
    f.b.table_facts(f.t).check_funcs.push_back(fn);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(rows_where(rows, "function", "").size(), 0u);
}

TEST(Write, GeneratedColumnFunctionNeedsExecute) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(f.s, "tax", "numeric", kOwner, false);
    f.b.column(f.t, 3).generated = true;
    f.b.column(f.t, 3).generation_funcs.push_back(fn);
    Rows rows = check_destination(f.b.build());
    Row r = only_row(rows, "function", "tax(numeric)", "EXECUTE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks EXECUTE on function dst.tax(numeric), called to compute "
                        "generated column \"total\" of \"dst\".\"orders\".");
    EXPECT_EQ(r.fix, "GRANT EXECUTE ON FUNCTION \"dst\".\"tax\"(numeric) TO \"loader\";");
}

TEST(Write, FunctionThroughAGroup) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(f.s, "positive", "numeric", kOwner, false);
    f.b.grant(f.b.function_priv(fn), kWriters, priv::kExecute);
    f.b.member_of(kWriters);
    f.b.table_facts(f.t).check_funcs.push_back(fn);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "function", "positive(numeric)", "EXECUTE", kWrite).via,
              "member of writers");
}

TEST(Write, PartitionCheckFunctionIsAWarning) {
    CatalogBuilder b;
    Oid s = b.schema("dst");
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Oid t = b.table(s, "events", {"id", "at"}, kOwner, 'p');
    b.grant(b.table_priv(t), kRole, priv::kInsert);
    Oid p = b.partition(t, "events_2024");
    Oid fn = b.function(s, "in_2024", "date", kOwner, false);
    b.table_facts(p).check_funcs.push_back(fn);
    Rows rows = check_destination(b.build());
    Row r = only_row(rows, "function", "in_2024(date)", "EXECUTE", kWrite);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "The role lacks EXECUTE on function dst.in_2024(date), which may be called "
                        "to check a CHECK constraint of partition \"dst\".\"events_2024\".");
    EXPECT_TRUE(ready(rows));
}

TEST(Write, TriggersAreWarnings) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(f.s, "audit", "");
    Oid definer = f.b.function(f.s, "stamp", "");
    f.b.function_facts(definer).security_definer = true;
    f.b.trigger(f.t, "audit_ins", trigger_event::kInsert | trigger_event::kUpdate, fn);
    f.b.trigger(f.t, "stamp_ins", trigger_event::kInsert, definer);
    f.b.trigger(f.t, "on_delete", trigger_event::kDelete, fn);
    Rows rows = check_destination(f.b.build());
    Row a = only_row(rows, "trigger", "orders.audit_ins", "EXECUTE", kWrite);
    EXPECT_EQ(a.status, Status::Warning);
    EXPECT_EQ(a.detail, "Trigger \"audit_ins\" fires on INSERT and runs function dst.audit() with "
                        "the role's privileges; what its body touches is not checked.");
    EXPECT_EQ(a.fix, std::nullopt);
    Row d = only_row(rows, "trigger", "orders.stamp_ins", "EXECUTE", kWrite);
    EXPECT_EQ(d.detail, "Trigger \"stamp_ins\" fires on INSERT and runs function dst.stamp() as "
                        "its owner (SECURITY DEFINER); what its body touches is not checked.");
    EXPECT_EQ(rows_where(rows, "trigger", "orders.on_delete").size(), 0u);
    EXPECT_TRUE(ready(rows));
}

// --- foreign keys: checked as the referenced table's owner ---------------------------

struct Fk {
    CatalogBuilder b;
    Oid s = b.schema("dst");
    Oid ref_schema = b.schema("ref", kOtherOwner, false);
    Oid parent = b.table(ref_schema, "customers", {"id"}, kOtherOwner, 'r', false);
    Oid child = b.table(s, "orders", {"id", "customer_id"});
    Fk() {
        b.grant(b.schema_priv(s), kRole, priv::kUsage);
        b.grant(b.table_priv(child), kRole, priv::kInsert);
        b.foreign_key(child, parent, {2}, "orders_customer_fkey");
    }
};

// --- column_defaults "generate": DEFAULT runs the defaults ------------------------

JobOptions generate() {
    return JobOptions{.column_defaults = ColumnDefaults::Generate};
}

TEST(Write, GenerateNeedsUsageOnTheSequenceASerialDefaultCalls) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    f.b.serial(f.t, 1);
    Rows rows = check_destination(f.b.build(), generate());
    Row r = only_row(rows, "sequence", "orders_id_seq", "USAGE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks USAGE on sequence \"dst\".\"orders_id_seq\", needed to "
                        "generate the default of column \"id\" of \"dst\".\"orders\" (nextval).");
    EXPECT_EQ(r.fix, "GRANT USAGE ON SEQUENCE \"dst\".\"orders_id_seq\" TO \"loader\";");
    // UPDATE will do too (nextval takes either).
    f.b.grant(f.b.sequence_priv(f.b.raw().tables.at(f.t).sequences.front()), kRole, priv::kUpdate);
    EXPECT_EQ(only_row(check_destination(f.b.build(), generate()), "sequence", "orders_id_seq",
                       "UPDATE", kWrite)
                  .via,
              "direct");
    // "copy" sends a value: nextval never runs.
    EXPECT_EQ(
        rows_where(check_destination(f.b.build()), "sequence", "orders_id_seq", "", kWrite).size(),
        0u);
}

TEST(Write, GenerateNeedsExecuteOnWhatADefaultCalls) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid fn = f.b.function(f.s, "next_code", "", kOwner, false);
    f.b.column(f.t, 2).has_default = true;
    f.b.column(f.t, 2).default_funcs = {fn};
    Rows rows = check_destination(f.b.build(), generate());
    Row r = only_row(rows, "function", "next_code()", "EXECUTE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix, "GRANT EXECUTE ON FUNCTION \"dst\".\"next_code\"() TO \"loader\";");
    EXPECT_EQ(rows_where(check_destination(f.b.build()), "function", "next_code()").size(), 0u);
}

TEST(Write, GenerateListsEveryColumnAndIdentityNeedsNothing) {
    Dest f;
    Oid q = f.b.sequence(f.s, "orders_id_seq", kOwner, f.t, 1, true);
    (void)q;
    f.b.column(f.t, 3).generated = true;
    f.b.grant_column(f.t, 1, kRole, priv::kInsert);
    f.b.grant_column(f.t, 2, kRole, priv::kInsert);
    Rows rows = check_destination(f.b.build(), generate());
    // The generated column is in the INSERT's list (as DEFAULT): it needs INSERT too.
    EXPECT_EQ(column_row(rows, "orders", "total", "INSERT", kWrite).status, Status::Missing);
    EXPECT_EQ(rows_where(rows, "sequence", "orders_id_seq", "", kWrite).size(), 0u);
    // "copy" leaves the generated column out.
    EXPECT_TRUE(
        rows_where(check_destination(f.b.build()), "column", "orders", "INSERT", kWrite).size() ==
        2u);
}

TEST(ForeignKeys, NoRowWhenTheOwnerHoldsWhatTheCheckNeeds) {
    Fk f;
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(rows_where(rows, "", "customers").size(), 0u);
    EXPECT_EQ(rows_where(rows, "schema", "ref").size(), 0u);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(ForeignKeys, ReferencedOwnerWithoutUsageOnItsSchema) {
    Fk f;
    // The schema belongs to someone else and its owner never granted USAGE.
    f.b.schema_facts(f.ref_schema).priv = f.b.owned(kAdmins, bits::kSchemaAll);
    Rows rows = check_destination(f.b.build());
    Row r = only_row(rows, "schema", "ref", "USAGE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "Foreign key \"orders_customer_fkey\" of \"dst\".\"orders\" is checked as "
                        "\"other_owner\", the owner of the referenced table \"ref\".\"customers\", "
                        "who lacks USAGE on schema \"ref\": every write fails, even a "
                        "superuser's.");
    EXPECT_EQ(r.fix, "GRANT USAGE ON SCHEMA \"ref\" TO \"other_owner\";");
}

TEST(ForeignKeys, ReferencedOwnerWhoRevokedSelectFromThemselves) {
    Fk f;
    CatalogBuilder::revoke(f.b.table_priv(f.parent), kOtherOwner, priv::kSelect);
    Rows rows = check_destination(f.b.build());
    Row r = only_row(rows, "table", "customers", "SELECT", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.schema_name, "ref");
    EXPECT_EQ(r.detail, "Foreign key \"orders_customer_fkey\" of \"dst\".\"orders\" is checked as "
                        "\"other_owner\", the owner of the referenced table \"ref\".\"customers\", "
                        "who lacks SELECT on it (the check reads the key with FOR KEY SHARE): "
                        "every write fails, even a superuser's.");
    EXPECT_EQ(r.fix, "GRANT SELECT ON TABLE \"ref\".\"customers\" TO \"other_owner\";");
    EXPECT_EQ(rows_where(rows, "table", "customers", "UPDATE").size(), 0u);
}

// PostgreSQL 18's NOT ENFORCED: no check runs, so the owner's privileges
// do not matter (TRUNCATE still follows the key: Truncate tests).
TEST(ForeignKeys, NotEnforcedRunsNoCheckAsTheOwner) {
    Fk f;
    CatalogBuilder::revoke(f.b.table_priv(f.parent), kOtherOwner, priv::kSelect | priv::kUpdate);
    Catalog cat = f.b.build();
    cat.tables.at(f.child).foreign_keys.at(0).enforced = false;
    Rows rows = check_destination(cat);
    EXPECT_EQ(rows_where(rows, "table", "customers").size(), 0u) << describe(rows);
    EXPECT_TRUE(ready(rows)) << describe(rows);
    cat.tables.at(f.child).foreign_keys.at(0).enforced = true;
    EXPECT_EQ(rows_where(check_destination(cat), "table", "customers", "SELECT").size(), 1u);
}

TEST(ForeignKeys, ForKeyShareNeedsUpdateToo) {
    Fk f;
    CatalogBuilder::revoke(f.b.table_priv(f.parent), kOtherOwner, priv::kUpdate);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "customers", "UPDATE", kWrite).fix,
              "GRANT UPDATE ON TABLE \"ref\".\"customers\" TO \"other_owner\";");
}

TEST(ForeignKeys, EvenASuperuserIsStopped) {
    Fk f;
    f.b.superuser();
    CatalogBuilder::revoke(f.b.table_priv(f.parent), kOtherOwner, priv::kSelect);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "customers", "SELECT", kWrite).status, Status::Missing);
    EXPECT_FALSE(ready(rows));
}

TEST(ForeignKeys, TheRolesOwnPrivilegesOnTheReferencedTableDoNotMatter) {
    Fk f;
    f.b.grant(f.b.table_priv(f.parent), kRole, priv::kSelect | priv::kUpdate);
    f.b.grant(f.b.schema_priv(f.ref_schema), kRole, priv::kUsage);
    CatalogBuilder::revoke(f.b.table_priv(f.parent), kOtherOwner, priv::kSelect);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "table", "customers", "SELECT", kWrite).status, Status::Missing);
}

// --- upsert -------------------------------------------------------------------

TEST(Upsert, DoNothingHasNoConflictTargetAndReadsNothing) {
    // INSERT ... ON CONFLICT DO NOTHING, with no conflict target.
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Rows rows = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Nothing});
    EXPECT_EQ(only_row(rows, "table", "orders", "INSERT", kUpsert).status, Status::Ok);
    EXPECT_EQ(rows_where(rows, "", "orders", "SELECT", kUpsert).size(), 0u) << describe(rows);
    EXPECT_EQ(rows_where(rows, "", "orders", "UPDATE", kUpsert).size(), 0u);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(Upsert, DoUpdateNeedsUpdateAndSelectOnTheSetColumns) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    f.b.grant_column(f.t, 1, kRole, priv::kSelect);
    f.b.grant_column(f.t, 2, kRole, priv::kUpdate | priv::kSelect);
    Rows rows = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Update});
    EXPECT_EQ(column_row(rows, "orders", "customer", "UPDATE", kUpsert).status, Status::Ok);
    EXPECT_EQ(column_row(rows, "orders", "total", "UPDATE", kUpsert).fix,
              "GRANT UPDATE (\"total\") ON TABLE \"dst\".\"orders\" TO \"loader\";");
    EXPECT_EQ(rows_where(rows, "column", "orders", "UPDATE", kUpsert).size(), 2u); // key not SET
    EXPECT_EQ(column_row(rows, "orders", "id", "SELECT", kUpsert).status, Status::Ok);
    EXPECT_EQ(column_row(rows, "orders", "customer", "SELECT", kUpsert).status, Status::Ok);
    EXPECT_EQ(column_row(rows, "orders", "total", "SELECT", kUpsert).fix,
              "GRANT SELECT (\"total\") ON TABLE \"dst\".\"orders\" TO \"loader\";");
}

TEST(Upsert, DoUpdateWithTableGrants) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert | priv::kUpdate | priv::kSelect);
    Rows rows = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Update});
    EXPECT_EQ(only_row(rows, "table", "orders", "UPDATE", kUpsert).via, "direct");
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", kUpsert).via, "direct");
    EXPECT_TRUE(ready(rows));
}

TEST(Upsert, DoUpdateOnAPrimaryKeyWithoutOverlapsFails) {
    // PostgreSQL 18: ON CONFLICT ("id", "during") DO UPDATE finds no arbiter (42P10).
    Dest f;
    f.b.table_facts(f.t).primary_key_without_overlaps = true;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert | priv::kUpdate | priv::kSelect);
    Rows rows = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Update});
    Row r = only_row(with_status(rows, Status::Warning), "table", "orders", "UPDATE", kUpsert);
    EXPECT_NE(r.detail.find("WITHOUT OVERLAPS"), std::string::npos) << r.detail;
    Rows nothing = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Nothing});
    EXPECT_EQ(with_status(nothing, Status::Warning).size(), 0u) << describe(nothing);
}

TEST(Upsert, DoUpdateWithoutAPrimaryKeyIsDoNothing) {
    // Neosync falls back to ON CONFLICT DO NOTHING: nothing to read or set,
    // no warning (no conflict target, so no 42P10), a unique key notwithstanding.
    Dest f;
    f.b.table_facts(f.t).primary_key.clear();
    f.b.table_facts(f.t).unique_keys = {{2}};
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Rows rows = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Update});
    EXPECT_EQ(rows_where(rows, "", "orders", "SELECT", kUpsert).size(), 0u) << describe(rows);
    EXPECT_EQ(rows_where(rows, "", "orders", "UPDATE", kUpsert).size(), 0u);
    EXPECT_EQ(with_status(rows, Status::Warning).size(), 0u);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(Upsert, DoUpdateSetsNoIdentityAlwaysOrGeneratedColumn) {
    Dest f;
    f.b.column(f.t, 2).identity = 'a';
    f.b.column(f.t, 3).generated = true;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert | priv::kSelect); // SELECT: setval
    Rows rows = check_destination(f.b.build(), JobOptions{.on_conflict = OnConflict::Update});
    // Nothing left to set: DO NOTHING.
    EXPECT_EQ(rows_where(rows, "", "orders", "UPDATE", kUpsert).size(), 0u) << describe(rows);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(Upsert, GenerateSendsDefaultsAndSetsThem) {
    // column_defaults "generate": customer has a default, sent as DEFAULT and
    // still in the SET list ("customer"=EXCLUDED."customer").
    Dest f;
    f.b.column(f.t, 2).has_default = true;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Rows rows =
        check_destination(f.b.build(), JobOptions{.column_defaults = ColumnDefaults::Generate,
                                                  .on_conflict = OnConflict::Update});
    EXPECT_EQ(column_row(rows, "orders", "customer", "UPDATE", kUpsert).status, Status::Missing);
    // Key and every set column: the whole table.
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", kUpsert).status, Status::Missing);
}

// --- truncate -------------------------------------------------------------------

struct Seq {
    CatalogBuilder b;
    Oid s = b.schema("dst");
    Oid t = b.table(s, "orders", {"id", "note"});
    Oid q = b.serial(t, 1);
    Seq() {
        b.grant(b.schema_priv(s), kRole, priv::kUsage);
        b.grant(b.table_priv(t), kRole, priv::kInsert | priv::kTruncate);
    }
};

// tr.parent (id serial, code identity) <- tr.child (partitioned: child_1,
// child_2) and tr.lonely; all in scope but the partitions.
struct Trunc {
    CatalogBuilder b;
    Oid s = b.schema("tr");
    Oid parent = b.table(s, "parent", {"id", "code"});
    Oid child = b.table(s, "child", {"id", "parent_id"}, kOwner, 'p');
    Oid child_1 = b.partition(child, "child_1");
    Oid child_2 = b.partition(child, "child_2");
    Oid lonely = b.table(s, "lonely", {"id"});
    Oid parent_id_seq = b.serial(parent, 1);
    Oid parent_code_seq = b.sequence(s, "parent_code_seq", kOwner, parent, 2, true);
    Oid lonely_id_seq = b.serial(lonely, 1);
    Trunc() {
        b.grant(b.schema_priv(s), kRole, priv::kUsage);
        b.foreign_key(child, parent, {2}, "child_parent_id_fkey");
        for (Oid t : {parent, child, lonely})
            b.grant(b.table_priv(t), kRole, priv::kTruncate | priv::kInsert);
    }
    Rows run(bool cascade) {
        return check_destination(b.build(),
                                 JobOptions{.truncate = true, .truncate_cascade = cascade});
    }
};

TEST(Truncate, OneStatementOverTheJobsTablesNeedsNoCascade) {
    // TRUNCATE "tr"."child", "tr"."lonely", "tr"."parent" RESTART IDENTITY:
    // child references parent, and both are in the one statement.
    Trunc f;
    Rows rows = f.run(false);
    EXPECT_EQ(with_status(rows_where(rows, "", "", "", kTruncate), Status::Warning).size(), 0u)
        << describe(rows);
    for (const auto& r : with_status(rows, Status::Missing))
        EXPECT_NE(r.privilege, "TRUNCATE") << describe(r);
    // No TRUNCATE rows for the partitions: they go with their parent.
    EXPECT_EQ(rows_where(rows, "table", "child_1", "TRUNCATE").size(), 0u);
    EXPECT_EQ(rows_where(rows, "table", "child_2", "TRUNCATE").size(), 0u);
}

TEST(Truncate, WithoutCascadeWarnsForReferencingTablesOutsideTheJob) {
    Trunc f;
    f.b.raw().table_order = {f.parent, f.lonely}; // child is not the job's
    Rows rows = f.run(false);
    auto warnings = with_status(rows_where(rows, "", "", "", kTruncate), Status::Warning);
    ASSERT_EQ(warnings.size(), 1u) << describe(rows);
    EXPECT_EQ(warnings[0].object_name, "parent");
    EXPECT_EQ(warnings[0].privilege, "TRUNCATE");
    EXPECT_EQ(warnings[0].fix, std::nullopt);
    // Partitions carry clones of the foreign key: only the parent is named.
    EXPECT_EQ(warnings[0].detail,
              "Table \"tr\".\"parent\" is referenced by \"tr\".\"child\", which the job does "
              "not truncate, so its TRUNCATE fails (0A000) before any privilege is checked: the "
              "job needs \"truncate_cascade\": true, or those tables in its scope.");
}

TEST(Truncate, SelfReferenceNeedsNoCascade) {
    CatalogBuilder b;
    Oid s = b.schema("tr");
    Oid t = b.table(s, "tree", {"id", "parent_id"});
    b.foreign_key(t, t, {2});
    Rows rows = check_destination(b.build(), JobOptions{.truncate = true});
    EXPECT_EQ(with_status(rows_where(rows, "", "", "", kTruncate), Status::Warning).size(), 0u);
}

TEST(Truncate, TruncatePrivilegeMissing) {
    Trunc f;
    CatalogBuilder::revoke(f.b.table_priv(f.lonely), kRole, priv::kTruncate);
    Rows rows = f.run(false);
    Row r = only_row(rows, "table", "lonely", "TRUNCATE", kTruncate);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks TRUNCATE on table \"tr\".\"lonely\", needed to truncate "
                        "\"tr\".\"lonely\".");
    EXPECT_EQ(r.fix, "GRANT TRUNCATE ON TABLE \"tr\".\"lonely\" TO \"loader\";");
}

TEST(Truncate, PartitionedTableDirectlyChecksOnlyTheParent) {
    Trunc f;
    Rows rows = f.run(false);
    EXPECT_EQ(only_row(rows, "table", "child", "TRUNCATE", kTruncate).status, Status::Ok);
    EXPECT_EQ(rows_where(rows, "table", "child_1", "", kTruncate).size(), 0u);
    Rows cascade = f.run(true);
    // Truncating child itself reaches no one; its partitions only come in
    // through the cascade from parent.
    EXPECT_EQ(rows_where(cascade, "table", "child_1", "TRUNCATE", kTruncate).size(), 1u);
}

TEST(Truncate, CascadeReachesReferencingTablesAndTheirPartitions) {
    Trunc f;
    Rows rows = f.run(true);
    EXPECT_EQ(with_status(rows_where(rows, "", "", "", kTruncate), Status::Warning).size(), 0u);
    EXPECT_EQ(only_row(rows, "table", "child", "TRUNCATE", kTruncate).status, Status::Ok);
    for (const char* p : {"child_1", "child_2"}) {
        Row r = only_row(rows, "table", p, "TRUNCATE", kTruncate);
        EXPECT_EQ(r.status, Status::Missing);
        EXPECT_EQ(r.detail, std::string("The role lacks TRUNCATE on table \"tr\".\"") + p +
                                "\", needed to truncate it by cascade from \"tr\".\"parent\".");
        EXPECT_EQ(r.fix,
                  std::string("GRANT TRUNCATE ON TABLE \"tr\".\"") + p + "\" TO \"loader\";");
    }
}

TEST(Truncate, CascadeReachesTablesOutOfScope) {
    Trunc f;
    Oid audit = f.b.table(f.s, "audit", {"id", "parent_id"}, kOwner, 'r', false);
    f.b.foreign_key(audit, f.parent, {2});
    Rows rows = f.run(true);
    EXPECT_EQ(only_row(rows, "table", "audit", "TRUNCATE", kTruncate).fix,
              "GRANT TRUNCATE ON TABLE \"tr\".\"audit\" TO \"loader\";");
    // Without cascade the warning names the referencing table outside the
    // job, not child, which the one statement truncates too.
    Rows plain = f.run(false);
    auto w =
        with_status(rows_where(plain, "table", "parent", "TRUNCATE", kTruncate), Status::Warning);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].detail,
              "Table \"tr\".\"parent\" is referenced by \"tr\".\"audit\", which the job does not "
              "truncate, so its TRUNCATE fails (0A000) before any privilege is checked: the job "
              "needs \"truncate_cascade\": true, or those tables in its scope.");
}

TEST(Truncate, CascadeIsTransitive) {
    Trunc f;
    Oid grandchild = f.b.table(f.s, "grandchild", {"id", "child_id"}, kOwner, 'r', false);
    f.b.foreign_key(grandchild, f.child, {2});
    Rows rows = f.run(true);
    Row r = only_row(rows, "table", "grandchild", "TRUNCATE", kTruncate);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks TRUNCATE on table \"tr\".\"grandchild\", needed to "
                        "truncate it by cascade from \"tr\".\"parent\".");
}

TEST(Truncate, RestartIdentityNeedsOwnershipOfOwnedSequences) {
    Trunc f;
    Rows rows = f.run(false);
    Row id = only_row(rows, "sequence", "parent_id_seq", "OWNER", kTruncate);
    EXPECT_EQ(id.status, Status::Missing);
    EXPECT_EQ(id.detail, "Only the owner of sequence \"tr\".\"parent_id_seq\" (\"app_owner\") may "
                         "restart it (TRUNCATE \"tr\".\"parent\" RESTART IDENTITY), and run ALTER "
                         "SEQUENCE ... RESTART on it. The sequence "
                         "belongs to table \"tr\".\"parent\", so the fix makes the role own that "
                         "table (this changes who owns it). Foreign keys point at the table and "
                         "are checked as its owner, so the fix also grants the role what those "
                         "checks need.");
    // Never ALTER SEQUENCE ... OWNER TO for a sequence linked to a column; the
    // new owner of a referenced table gets what foreign-key checks read.
    const std::string handover = "ALTER TABLE \"tr\".\"parent\" OWNER TO \"loader\"; GRANT SELECT "
                                 "ON TABLE \"tr\".\"parent\" TO \"loader\"; GRANT UPDATE ON TABLE "
                                 "\"tr\".\"parent\" TO \"loader\";";
    EXPECT_EQ(id.fix, handover);
    EXPECT_EQ(only_row(rows, "sequence", "parent_code_seq", "OWNER", kTruncate).fix, handover);
    EXPECT_EQ(only_row(rows, "sequence", "lonely_id_seq", "OWNER", kTruncate).fix,
              "ALTER TABLE \"tr\".\"lonely\" OWNER TO \"loader\";");
    for (const auto& r : rows) {
        if (r.fix) {
            EXPECT_EQ(r.fix->rfind("ALTER SEQUENCE", 0), std::string::npos) << describe(r);
        }
    }
}

TEST(Truncate, RestartIdentityAsMemberOfTheOwner) {
    Trunc f;
    f.b.member_of(kOwner);
    Rows rows = f.run(false);
    Row r = only_row(rows, "sequence", "parent_id_seq", "OWNER", kTruncate);
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.via, "member of app_owner");
}

TEST(Truncate, NextvalSequencesOfOtherTablesAreRestartedByAlterSequence) {
    Trunc f;
    // lonely's default calls nextval on parent's sequence: RESTART IDENTITY
    // of lonely does not touch it, the ALTER SEQUENCE ... RESTART after it does.
    f.b.uses_sequence(f.lonely, f.parent_id_seq, 1);
    CatalogBuilder::revoke(f.b.table_priv(f.parent), kRole, priv::kTruncate);
    f.b.raw().table_order = {f.lonely};
    Rows rows = f.run(false);
    Row r = only_row(rows, "sequence", "parent_id_seq", "OWNER", kTruncate);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail.rfind("Only the owner of sequence \"tr\".\"parent_id_seq\" "
                             "(\"app_owner\") may run ALTER SEQUENCE ... RESTART on it.",
                             0),
              0u)
        << r.detail;
}

TEST(Truncate, FreeSequenceRestartIsFixedByAlterSequenceOwner) {
    Seq f;
    Oid free_seq = f.b.sequence(f.s, "order_numbers", kOwner);
    f.b.uses_sequence(f.t, free_seq, 2);
    Rows rows = check_destination(f.b.build(), JobOptions{.truncate = true});
    Row r = only_row(rows, "sequence", "order_numbers", "OWNER", kTruncate);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "Only the owner of sequence \"dst\".\"order_numbers\" (\"app_owner\") may "
                        "run ALTER SEQUENCE ... RESTART on it. The fix makes the role own the "
                        "sequence (this changes who owns it).");
    EXPECT_EQ(r.fix, "ALTER SEQUENCE \"dst\".\"order_numbers\" OWNER TO \"loader\";");
    // A survivable step's note is not added to a truncate row: that failure stops the job.
    EXPECT_EQ(r.detail.find("goes on"), std::string::npos);
}

TEST(Truncate, SequenceInAnotherSchemaThanTheTableIsNotRestarted) {
    // Neosync writes ALTER SEQUENCE "<table's schema>"."<name>" RESTART:
    // for a sequence elsewhere that names nothing, and "does not exist" is
    // skipped. A warning, no ownership.
    Seq f;
    Oid other = f.b.schema("other", kOwner, false);
    Oid shared = f.b.sequence(other, "ids", kOwner);
    f.b.uses_sequence(f.t, shared, 2);
    Rows rows = check_destination(f.b.build(), JobOptions{.truncate = true});
    Row r = only_row(rows, "sequence", "ids", "OWNER", kTruncate);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Neosync restarts the sequence of column \"note\" of \"dst\".\"orders\" as "
                        "\"dst\".\"ids\", in the table's schema: that names no sequence (or "
                        "another one), the restart is skipped as \"does not exist\", and "
                        "\"other\".\"ids\" keeps its value.");
    EXPECT_EQ(rows_where(rows, "schema", "other", "USAGE", kTruncate).size(), 0u);
}

TEST(Truncate, SequenceLinkedToATableOutsideTheCatalogIsNotGivenAnOwner) {
    // Regression (found by these tests): the sequence-ownership fix (rules_destination.cpp)
    // fell back to "ALTER SEQUENCE ... OWNER TO" when the sequence is linked to a column
    // (owned_by_table set) but that table is not in Catalog::tables. PostgreSQL refuses
    // that statement: "cannot change owner of sequence ...: Sequence ... is linked to table ..."
    // (verified on PostgreSQL 15), so the fix script cannot make the role ready. The fix should
    // be ownership of the owning table or membership in its owner (GRANT "app_owner" TO ...).
    Seq f;
    Oid shared = f.b.sequence(f.s, "shared_id_seq", kOwner, /*owned_by_table=*/99999, 1);
    f.b.uses_sequence(f.t, shared, 2);
    Rows rows = check_destination(f.b.build(), JobOptions{.truncate = true});
    Row r = only_row(rows, "sequence", "shared_id_seq", "OWNER", kTruncate);
    EXPECT_EQ(r.status, Status::Missing);
    ASSERT_TRUE(r.fix.has_value());
    EXPECT_EQ(r.fix->rfind("ALTER SEQUENCE", 0), std::string::npos) << *r.fix;
}

// The membership the fix above grants must pass the owner's privileges on:
// from 16 only WITH INHERIT TRUE does for a NOINHERIT role (a plain GRANT
// takes rolinherit as its default), before 16 the role itself must inherit.
TEST(Truncate, SequenceOfATableOutsideTheCatalogIsFixedByAnInheritingMembership) {
    struct Case {
        bool grant_options, inherit;
        const char* fix;
    };
    for (const Case& c : {
             Case{false, true, "GRANT \"app_owner\" TO \"loader\";"},
             Case{false, false,
                  "ALTER ROLE \"loader\" INHERIT; GRANT \"app_owner\" TO \"loader\";"},
             Case{true, true, "GRANT \"app_owner\" TO \"loader\" WITH INHERIT TRUE;"},
             Case{true, false, "GRANT \"app_owner\" TO \"loader\" WITH INHERIT TRUE;"},
         }) {
        Seq f;
        Oid shared = f.b.sequence(f.s, "shared_id_seq", kOwner, /*owned_by_table=*/99999, 1);
        f.b.uses_sequence(f.t, shared, 2);
        Catalog cat = f.b.build();
        cat.role.grant_options = c.grant_options;
        cat.role.inherit = c.inherit;
        Rows rows = check_destination(cat, JobOptions{.truncate = true});
        Row r = only_row(rows, "sequence", "shared_id_seq", "OWNER", kTruncate);
        SCOPED_TRACE(c.fix);
        EXPECT_EQ(r.fix, c.fix);
        EXPECT_EQ(r.detail.find("the role is NOINHERIT") != std::string::npos,
                  !c.grant_options && !c.inherit)
            << r.detail;
    }
}

TEST(Truncate, CascadedTablesSequencesAreRestartedToo) {
    Trunc f;
    Oid audit = f.b.table(f.s, "audit", {"id", "parent_id"}, kOwner, 'r', false);
    f.b.foreign_key(audit, f.parent, {2});
    f.b.serial(audit, 1);
    Rows rows = f.run(true);
    EXPECT_EQ(only_row(rows, "sequence", "audit_id_seq", "OWNER", kTruncate).fix,
              "ALTER TABLE \"tr\".\"audit\" OWNER TO \"loader\";");
}

TEST(Truncate, TruncateTriggersWarn) {
    Trunc f;
    Oid fn = f.b.function(f.s, "log_truncate", "");
    f.b.trigger(f.lonely, "on_truncate", trigger_event::kTruncate, fn);
    Rows rows = f.run(false);
    Row r = only_row(rows, "trigger", "lonely.on_truncate", "EXECUTE", kTruncate);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(rows_where(rows, "trigger", "lonely.on_truncate", "", kWrite).size(), 0u);
}

TEST(Truncate, OffByDefault) {
    Trunc f;
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(rows_where(rows, "", "", "", kTruncate).size(), 0u);
}

// --- reset sequences ---------------------------------------------------------------

TEST(ResetSequences, SetvalNeedsUpdateOnTheSequenceAndSelectOnTheColumn) {
    Seq f;
    Rows rows = check_destination(f.b.build());
    Row u = only_row(rows, "sequence", "orders_id_seq", "UPDATE", kReset);
    EXPECT_EQ(u.status, Status::Missing);
    EXPECT_EQ(u.detail, "The role lacks UPDATE on sequence \"dst\".\"orders_id_seq\", needed to "
                        "setval it to the loaded maximum. Neosync logs this and goes on: the "
                        "sequence stays below the loaded rows, and the next INSERT that takes a "
                        "value from it fails with a duplicate key.");
    EXPECT_EQ(u.fix, "GRANT UPDATE ON SEQUENCE \"dst\".\"orders_id_seq\" TO \"loader\";");
    Row c = column_row(rows, "orders", "id", "SELECT", kReset);
    EXPECT_EQ(c.status, Status::Missing);
    EXPECT_EQ(
        c.detail.rfind("The role lacks SELECT on column \"id\" (and on the table), needed "
                       "to read MAX(\"id\") of \"dst\".\"orders\". Neosync logs this and goes "
                       "on",
                       0),
        0u)
        << c.detail;
    EXPECT_EQ(c.fix, "GRANT SELECT (\"id\") ON TABLE \"dst\".\"orders\" TO \"loader\";");
    // Without truncate, no ownership is needed.
    EXPECT_EQ(rows_where(rows, "sequence", "orders_id_seq", "OWNER").size(), 0u);
}

TEST(ResetSequences, UsageOrSelectOnTheSequenceIsNotEnough) {
    Seq f;
    f.b.grant(f.b.sequence_priv(f.q), kRole, priv::kUsage | priv::kSelect);
    f.b.grant_column(f.t, 1, kRole, priv::kSelect);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "sequence", "orders_id_seq", "UPDATE", kReset).status,
              Status::Missing);
    EXPECT_EQ(column_row(rows, "orders", "id", "SELECT", kReset).status, Status::Ok);
}

TEST(ResetSequences, Granted) {
    Seq f;
    f.b.grant(f.b.sequence_priv(f.q), kRole, priv::kUpdate);
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "sequence", "orders_id_seq", "UPDATE", kReset).via, "direct");
    EXPECT_EQ(only_row(rows, "table", "orders", "SELECT", kReset).via, "direct");
    EXPECT_EQ(only_row(rows, "schema", "dst", "USAGE", kReset).status, Status::Ok);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(ResetSequences, NoOwnershipEvenWithTruncate) {
    // The restarts after a truncate are the truncate step's.
    Seq f;
    f.b.grant(f.b.sequence_priv(f.q), kRole, priv::kUpdate);
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kSelect);
    Rows rows = check_destination(f.b.build(), JobOptions{.truncate = true});
    EXPECT_EQ(rows_where(rows, "sequence", "orders_id_seq", "OWNER", kReset).size(), 0u);
    EXPECT_EQ(only_row(rows, "sequence", "orders_id_seq", "OWNER", kTruncate).fix,
              "ALTER TABLE \"dst\".\"orders\" OWNER TO \"loader\";");
}

TEST(ResetSequences, FreeSequenceDefaultStillReadsTheColumn) {
    // pg_get_serial_sequence finds no sequence for the column, so setval gets
    // NULL, but the subquery SELECT MAX("note") is checked all the same.
    Seq f;
    Oid free_seq = f.b.sequence(f.s, "order_numbers", kOwner);
    f.b.uses_sequence(f.t, free_seq, 2);
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(column_row(rows, "orders", "note", "SELECT", kReset).status, Status::Missing);
    EXPECT_EQ(rows_where(rows, "sequence", "order_numbers", "", kReset).size(), 0u);
}

TEST(ResetSequences, ColumnsSentAsDefaultAreNotReset) {
    Seq f;
    Rows rows =
        check_destination(f.b.build(), JobOptions{.column_defaults = ColumnDefaults::Generate});
    EXPECT_EQ(rows_where(rows, "", "", "", kReset).size(), 0u) << describe(rows);
}

TEST(ResetSequences, IdentitySequence) {
    Seq f;
    f.b.sequence_facts(f.q).identity = true;
    f.b.column(f.t, 1).identity = 'a';
    Rows rows = check_destination(f.b.build());
    EXPECT_EQ(only_row(rows, "sequence", "orders_id_seq", "UPDATE", kReset).status,
              Status::Missing);
}

TEST(ResetSequences, OffWhenTheOptionIsOff) {
    Seq f;
    Rows rows =
        check_destination(f.b.build(), JobOptions{.truncate = true, .reset_sequences = false});
    EXPECT_EQ(rows_where(rows, "", "", "", kReset).size(), 0u);
    // RESTART IDENTITY is part of the truncate, not of the reset.
    EXPECT_EQ(only_row(rows, "sequence", "orders_id_seq", "OWNER", kTruncate).status,
              Status::Missing);
}

// --- create schemas and tables, absent schemas ---------------------------------------

TEST(CreateSchemas, NeedsCreateOnTheDatabaseEvenWhenTheSchemaExists) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Rows rows = check_destination(f.b.build(), JobOptions{.create_schemas = true});
    Row r = only_row(rows, "database", "db", "CREATE", "create schemas");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "The role lacks CREATE on database \"db\", needed to run CREATE SCHEMA IF "
                        "NOT EXISTS (asked even when the schema exists). Neosync records this and "
                        "goes on: a schema that does not exist stays missing, and creating or "
                        "writing its tables then fails.");
    EXPECT_EQ(r.fix, "GRANT CREATE ON DATABASE \"db\" TO \"loader\";");
    CatalogBuilder::grant(f.b.raw().database.priv, kRole, priv::kCreate);
    EXPECT_EQ(only_row(check_destination(f.b.build(), JobOptions{.create_schemas = true}),
                       "database", "db", "CREATE", "create schemas")
                  .via,
              "direct");
}

TEST(CreateSchemas, AbsentSchemaWithoutCreateSchemas) {
    CatalogBuilder b;
    b.absent_schema("new");
    Rows rows = check_destination(b.build());
    Row r = only_row(rows, "schema", "new", "USAGE", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "Schema \"new\" does not exist: create it, or let the job create it with "
                        "\"create_schemas\": true.");
    EXPECT_EQ(r.fix, "CREATE SCHEMA \"new\" AUTHORIZATION \"loader\";");
    Rows created = check_destination(b.build(), JobOptions{.create_schemas = true});
    EXPECT_EQ(rows_where(created, "schema", "new").size(), 0u);
    EXPECT_EQ(only_row(created, "database", "db", "CREATE", "create schemas").status,
              Status::Missing);
}

TEST(InitTables, CreateTableIfNotExistsNeedsCreateOnTheSchemaOfEachTable) {
    Dest f;
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kInsert);
    Oid empty = f.b.schema("empty", kOwner, false);
    (void)empty;
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row c = only_row(rows, "schema", "dst", "CREATE", "create tables");
    EXPECT_EQ(c.status, Status::Missing);
    EXPECT_EQ(c.detail,
              "The role lacks CREATE on schema \"dst\", needed to run CREATE TABLE IF NOT "
              "EXISTS (asked even when the table exists) in schema \"dst\".");
    EXPECT_EQ(c.fix, "GRANT CREATE ON SCHEMA \"dst\" TO \"loader\";");
    // A schema with none of the job's tables: what init creates there is
    // known only from the source (tables_to_create).
    EXPECT_EQ(rows_where(rows, "schema", "empty", "CREATE").size(), 0u);
    // CREATE SCHEMA IF NOT EXISTS for the tables' schemas: survivable.
    Row db = only_row(rows, "database", "db", "CREATE", "create tables");
    EXPECT_EQ(db.status, Status::Missing);
    EXPECT_NE(db.detail.find("Neosync records this and goes on"), std::string::npos) << db.detail;
    EXPECT_EQ(rows_where(check_destination(f.b.build()), "", "", "", "create tables").size(), 0u);
}

TEST(InitTables, ExistingTablesNeedNoUsageOnTheirTypes) {
    // CREATE TABLE IF NOT EXISTS returns before it looks at the columns.
    Dest f;
    Oid types = f.b.schema("types", kOwner, false);
    Oid ty = f.b.type(types, "money2", kOwner, false);
    f.b.column(f.t, 1).type = ty;
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    EXPECT_EQ(rows_where(rows, "type", "money2").size(), 0u) << describe(rows);
    EXPECT_EQ(rows_where(rows, "schema", "types", "", "create tables").size(), 0u);
}

TEST(InitTables, TablesToCreateNeedCreateOnTheirSchemaAndUsageOnTypes) {
    // The seam for the job file: a table the source has and the
    // destination lacks.
    Dest f;
    Oid types = f.b.schema("types", kOwner, false);
    Oid money = f.b.type(types, "money2", kOwner, false);
    Oid status = f.b.type(f.s, "status");
    TableToCreate t;
    t.schema = f.s;
    t.schema_name = "dst";
    t.name = "invoices";
    t.column_types = {money, status, 23};
    f.b.raw().tables_to_create.push_back(t);
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row ty = only_row(rows, "type", "money2", "USAGE", "create tables");
    EXPECT_EQ(ty.status, Status::Missing);
    EXPECT_EQ(ty.fix, "GRANT USAGE ON TYPE \"types\".\"money2\" TO \"loader\";");
    EXPECT_EQ(only_row(rows, "schema", "types", "USAGE", "create tables").status, Status::Missing);
    EXPECT_EQ(only_row(rows, "type", "status", "USAGE", "create tables").via, "PUBLIC");
    EXPECT_EQ(only_row(rows, "schema", "dst", "CREATE", "create tables").status, Status::Missing);
    // Its DO blocks and INSERTs name the table: USAGE on its schema.
    EXPECT_EQ(only_row(rows, "schema", "dst", "USAGE", "create tables").status, Status::Ok);
}

TEST(InitTables, TypesInitCreatesNeedCreateAndUsageOnTheirSchema) {
    Dest f;
    Oid types = f.b.schema("types", kOwner, false);
    TableToCreate t;
    t.schema = f.s;
    t.schema_name = "dst";
    t.name = "invoices";
    t.objects_to_make = {{types, "types", "money2"}, {kInvalidOid, "absent", "status"}};
    f.b.raw().tables_to_create.push_back(t);
    auto& lang = f.b.plpgsql(false);
    (void)lang;
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row c = only_row(rows, "schema", "types", "CREATE", "create tables");
    EXPECT_EQ(c.status, Status::Missing);
    EXPECT_EQ(c.fix, "GRANT CREATE ON SCHEMA \"types\" TO \"loader\";");
    EXPECT_EQ(only_row(rows, "schema", "types", "USAGE", "create tables").status, Status::Missing);
    // A type whose schema is absent too: init's CREATE SCHEMA makes the
    // schema the role's, so only CREATE on the database is asked.
    EXPECT_EQ(rows_where(rows, "schema", "absent").size(), 0u) << describe(rows);
    // Creating a type is a DO block.
    EXPECT_EQ(only_row(rows, "language", "plpgsql", "USAGE", "create tables").status,
              Status::Missing);
}

TEST(InitTables, TablesToCreateCallPresentFunctionsAndReferencePresentTables) {
    Dest f;
    Oid util = f.b.schema("util", kOwner, false);
    Oid fn = f.b.function(util, "qty_ok", "integer", kOwner, false);
    TableToCreate t;
    t.schema = f.s;
    t.schema_name = "dst";
    t.name = "lines";
    t.functions = {fn};
    t.references = {{"dst", "orders", {"id"}}, {"dst", "absent", {"id"}}};
    f.b.raw().tables_to_create.push_back(t);
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row e = only_row(rows, "function", "qty_ok(integer)", "EXECUTE", "create tables");
    EXPECT_EQ(e.status, Status::Missing);
    EXPECT_NE(e.detail.find("\"dst\".\"lines\", a table init creates"), std::string::npos)
        << e.detail;
    Row r = only_row(rows, "column", "orders", "REFERENCES", "create tables");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix, "GRANT REFERENCES (\"id\") ON TABLE \"dst\".\"orders\" TO \"loader\";");
    // A referenced table init creates too is the role's: no row.
    EXPECT_EQ(rows_where(rows, "", "absent").size(), 0u) << describe(rows);
}

namespace {
ExtensionToCreate extension(const char* name, bool available, bool version, bool trusted,
                            const char* schema = "public") {
    ExtensionToCreate x;
    x.name = name;
    x.version = "1.2";
    x.schema = schema;
    x.available = available;
    x.version_available = version;
    x.trusted = trusted;
    return x;
}
} // namespace

TEST(InitTables, ExtensionsTheDestinationLacks) {
    Dest f;
    f.b.raw().extensions_to_create = {
        extension("absent", false, false, false), extension("oldver", true, false, true),
        extension("untrusted", true, true, false, "ext s"), extension("trusted", true, true, true)};
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row absent = only_row(rows, "extension", "absent", "EXISTS", "create tables");
    EXPECT_EQ(absent.status, Status::Missing);
    EXPECT_FALSE(absent.fix.has_value());
    EXPECT_NE(absent.detail.find("Neosync records this and goes on"), std::string::npos)
        << absent.detail;
    Row old = only_row(rows, "extension", "oldver", "VERSION", "create tables");
    EXPECT_EQ(old.status, Status::Missing);
    EXPECT_EQ(old.fix, "CREATE EXTENSION IF NOT EXISTS \"oldver\";");
    Row un = only_row(rows, "extension", "untrusted", "SUPERUSER", "create tables");
    EXPECT_EQ(un.status, Status::Missing);
    EXPECT_EQ(un.fix, "CREATE SCHEMA IF NOT EXISTS \"ext s\" AUTHORIZATION \"loader\"; CREATE "
                      "EXTENSION IF NOT EXISTS \"untrusted\" VERSION \"1.2\" SCHEMA \"ext s\";");
    // A trusted extension needs CREATE on the database, which CREATE SCHEMA
    // IF NOT EXISTS asks already: no row of its own.
    EXPECT_EQ(rows_where(rows, "extension", "trusted").size(), 0u) << describe(rows);
    EXPECT_EQ(only_row(rows, "database", "db", "CREATE", "create tables").status, Status::Missing);
    // A superuser creates any extension that is available.
    f.b.raw().role.superuser = true;
    Rows su = check_destination(f.b.build(), JobOptions{.init_tables = true});
    EXPECT_EQ(only_row(su, "extension", "untrusted", "SUPERUSER", "create tables").via,
              "superuser");
    EXPECT_EQ(only_row(su, "extension", "absent", "EXISTS", "create tables").status,
              Status::Missing);
}

TEST(InitTables, DoBlocksNeedUsageOnPlpgsql) {
    Dest f;
    f.b.table_facts(f.t).primary_key = {1};
    f.b.table_facts(f.t).indexes = 1;
    auto& lang = f.b.plpgsql(false);
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row r = only_row(rows, "language", "plpgsql", "USAGE", "create tables");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix, "GRANT USAGE ON LANGUAGE \"plpgsql\" TO \"loader\";");
    CatalogBuilder::grant(lang.priv, kPublicGrantee, priv::kUsage);
    EXPECT_EQ(only_row(check_destination(f.b.build(), JobOptions{.init_tables = true}), "language",
                       "plpgsql", "USAGE", "create tables")
                  .via,
              "PUBLIC");
    // A table with no constraint, index, trigger, sequence or type of its
    // own gets no DO block.
    f.b.table_facts(f.t).primary_key.clear();
    f.b.table_facts(f.t).indexes = 0;
    CatalogBuilder::revoke(lang.priv, kPublicGrantee, priv::kUsage);
    EXPECT_EQ(rows_where(check_destination(f.b.build(), JobOptions{.init_tables = true}),
                         "language", "plpgsql")
                  .size(),
              0u);
}

TEST(InitTables, OwnedBySequencesNeedOwnershipEveryRun) {
    Seq f;
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row r = only_row(rows, "sequence", "orders_id_seq", "OWNER", "create tables");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail,
              "Only the owner of sequence \"dst\".\"orders_id_seq\" (\"app_owner\") may "
              "run ALTER SEQUENCE ... OWNED BY \"dst\".\"orders\".\"id\" (every run, tables "
              "present or not). The sequence belongs to table \"dst\".\"orders\", so the fix "
              "makes the role own that table (this changes who owns it).");
    EXPECT_EQ(r.fix, "ALTER TABLE \"dst\".\"orders\" OWNER TO \"loader\";");
    f.b.member_of(kOwner);
    EXPECT_EQ(only_row(check_destination(f.b.build(), JobOptions{.init_tables = true}), "sequence",
                       "orders_id_seq", "OWNER", "create tables")
                  .via,
              "member of app_owner");
}

TEST(InitTables, IdentitySequencesAreNotRelinked) {
    Seq f;
    f.b.sequence_facts(f.q).identity = true;
    f.b.column(f.t, 1).identity = 'd';
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    EXPECT_EQ(rows_where(rows, "sequence", "orders_id_seq", "OWNER", "create tables").size(), 0u);
}

TEST(InitTables, HandingOverATableGivesBackWhatItsOwnerRevokedFromItself) {
    // The new owner takes over the old owner's ACL entry: without UPDATE in
    // it, an upsert (INSERT and UPDATE asked together) stops counting
    // pg_write_all_data. The fix grants back what the job's writes use.
    Seq f;
    CatalogBuilder::revoke(f.b.table_priv(f.t), kOwner, priv::kUpdate);
    Rows rows = check_destination(f.b.build(), JobOptions{.init_tables = true});
    Row r = only_row(rows, "sequence", "orders_id_seq", "OWNER", "create tables");
    EXPECT_EQ(r.fix, "ALTER TABLE \"dst\".\"orders\" OWNER TO \"loader\"; GRANT UPDATE ON TABLE "
                     "\"dst\".\"orders\" TO \"loader\";");
    EXPECT_NE(r.detail.find("grants them back"), std::string::npos) << r.detail;
}

} // namespace
} // namespace preflight
