// Row-level security: when it applies, what reads lose, which writes fail,
// and which policy functions PostgreSQL must call.
#include "catalog_builder.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace testing;
using B = CatalogBuilder;

constexpr const char* kRead = "read";
const char* const kWrite = step_name(Step::Write);
constexpr const char* kSelectFix = "CREATE POLICY \"preflight_select_loader\" ON \"s\".\"t\" AS "
                                   "PERMISSIVE FOR SELECT TO \"loader\" USING (true);";
constexpr const char* kInsertFix = "CREATE POLICY \"preflight_insert_loader\" ON \"s\".\"t\" AS "
                                   "PERMISSIVE FOR INSERT TO \"loader\" WITH CHECK (true);";
constexpr const char* kBypassFix = "ALTER ROLE \"loader\" BYPASSRLS;";

// s.t (id, owner_id), owned by app_owner; the role may read and insert.
struct Rls {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid t;
    Oid is_mine = b.function(s, "is_mine", "integer", kOwner, false);
    Oid in_region = b.function(s, "in_region", "integer", kOwner, false);

    explicit Rls(Oid table_owner = kOwner) {
        t = b.table(s, "t", {"id", "owner_id"}, table_owner);
        b.grant(b.schema_priv(s), kRole, priv::kUsage);
        b.grant(b.table_priv(t), kRole, priv::kSelect | priv::kInsert);
        b.enable_rls(t);
    }
    Rows read() { return check_source(b.build()); }
    Rows write(JobOptions o = JobOptions{}) { return check_destination(b.build(), o); }
};

std::vector<Row> rls_rows(const Rows& rows, const std::string& step) {
    return rows_where(rows, "table", "t", "BYPASSRLS", step);
}

// --- when RLS applies ---------------------------------------------------------

TEST(RlsApplies, NotEnabledMeansNoRow) {
    Rls f;
    f.b.table_facts(f.t).rls_enabled = false;
    EXPECT_EQ(rls_rows(f.read(), kRead).size(), 0u);
    EXPECT_EQ(rls_rows(f.write(), kWrite).size(), 0u);
    EXPECT_TRUE(ready(f.write()));
}

TEST(RlsApplies, PoliciesWithoutEnableDoNothing) {
    Rls f;
    f.b.table_facts(f.t).rls_enabled = false;
    B::using_call(f.b.policy(f.t, "mine", 'r'), f.is_mine);
    Rows rows = f.read();
    EXPECT_EQ(rls_rows(rows, kRead).size(), 0u);
    EXPECT_EQ(rows_where(rows, "function", "").size(), 0u);
}

struct Bypass {
    const char* what;
    const char* via;
};

void PrintTo(const Bypass& b, std::ostream* os) {
    *os << b.what;
}

class RlsBypass : public ::testing::TestWithParam<Bypass> {};

TEST_P(RlsBypass, ReadsEveryRowAndWritesFreely) {
    const std::string what = GetParam().what;
    Rls f(what == "owner" ? kRole : kOwner);
    if (what == "superuser")
        f.b.superuser();
    if (what == "BYPASSRLS")
        f.b.bypassrls();
    if (what == "member")
        f.b.member_of(kOwner);
    B::using_call(f.b.policy(f.t, "mine", '*'), f.is_mine);
    Rows rows = f.read();
    auto r = rls_rows(rows, kRead);
    ASSERT_EQ(r.size(), 1u) << describe(rows);
    EXPECT_EQ(r[0].status, Status::Ok);
    EXPECT_EQ(r[0].via, GetParam().via);
    EXPECT_EQ(r[0].detail,
              "Row-level security is enabled but does not apply to the role: every row is read.");
    EXPECT_EQ(r[0].fix, std::nullopt);
    // The policies are not applied, so their functions are not called.
    EXPECT_EQ(rows_where(rows, "function", "").size(), 0u);
    Rows w = f.write();
    EXPECT_EQ(rls_rows(w, kWrite).size(), 0u);
    EXPECT_EQ(rows_where(w, "function", "").size(), 0u);
    EXPECT_TRUE(ready(w)) << describe(w);
}

INSTANTIATE_TEST_SUITE_P(Ways, RlsBypass,
                         ::testing::Values(Bypass{"owner", "owner"},
                                           Bypass{"superuser", "superuser"},
                                           Bypass{"BYPASSRLS", "BYPASSRLS"},
                                           Bypass{"member", "member of app_owner"}),
                         [](const auto& info) {
                             std::string n = info.param.what;
                             return n == "BYPASSRLS" ? std::string("bypassrls") : n;
                         });

TEST(RlsApplies, ForcedAppliesToTheOwner) {
    Rls f(kRole);
    f.b.table_facts(f.t).rls_forced = true;
    Rows rows = f.read();
    auto r = rls_rows(rows, kRead);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, Status::Warning);
    EXPECT_EQ(r[0].via, std::nullopt);
    Rows w = f.write();
    EXPECT_EQ(only_row(w, "table", "t", "BYPASSRLS", kWrite).status, Status::Missing);
}

TEST(RlsApplies, ForcedDoesNotApplyToSuperuserOrBypassrls) {
    Rls su;
    su.b.table_facts(su.t).rls_forced = true;
    su.b.superuser();
    EXPECT_EQ(only_row(su.read(), "table", "t", "BYPASSRLS", kRead).via, "superuser");
    Rls by;
    by.b.table_facts(by.t).rls_forced = true;
    by.b.bypassrls();
    EXPECT_EQ(only_row(by.read(), "table", "t", "BYPASSRLS", kRead).via, "BYPASSRLS");
}

// --- reads ----------------------------------------------------------------------

TEST(RlsRead, NoPolicyReturnsNoRows) {
    Rls f;
    Rows rows = f.read();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kRead);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Row-level security is enabled and no permissive policy lets the role "
                        "read: the read succeeds but returns no rows.");
    EXPECT_EQ(r.fix, kSelectFix);
    EXPECT_TRUE(ready(rows)); // silent data loss, not a permission error
}

TEST(RlsRead, PolicyNotForTheRoleOrNotForSelect) {
    Rls f;
    B::using_true(f.b.policy(f.t, "others", 'r')).applies = false;
    B::check_true(f.b.policy(f.t, "inserts", 'a'));
    Row r = only_row(f.read(), "table", "t", "BYPASSRLS", kRead);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.fix, kSelectFix);
}

TEST(RlsRead, UsingTrueReadsEveryRow) {
    Rls f;
    B::using_true(f.b.policy(f.t, "all_rows", 'r'));
    Row r = only_row(f.read(), "table", "t", "BYPASSRLS", kRead);
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.via, "policy");
    EXPECT_EQ(r.detail,
              "Row-level security applies, but policy \"all_rows\" lets the role read every row.");
    EXPECT_EQ(r.fix, std::nullopt);
}

TEST(RlsRead, ForAllPolicyCounts) {
    Rls f;
    B::using_true(f.b.policy(f.t, "everything", '*'));
    EXPECT_EQ(only_row(f.read(), "table", "t", "BYPASSRLS", kRead).status, Status::Ok);
}

TEST(RlsRead, FunctionPolicyFiltersAndNeedsExecute) {
    Rls f;
    B::using_call(f.b.policy(f.t, "mine", 'r'), f.is_mine);
    Rows rows = f.read();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kRead);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Row-level security filters the rows the role reads (policies \"mine\"): "
                        "the read may silently return fewer rows than exist.");
    EXPECT_EQ(r.fix, kSelectFix);
    Row fn = only_row(rows, "function", "is_mine(integer)", "EXECUTE", kRead);
    EXPECT_EQ(fn.status, Status::Missing);
    EXPECT_EQ(fn.detail, "The role lacks EXECUTE on function s.is_mine(integer), called to read "
                         "\"s\".\"t\" (policy \"mine\").");
    EXPECT_EQ(fn.fix, "GRANT EXECUTE ON FUNCTION \"s\".\"is_mine\"(integer) TO \"loader\";");
    EXPECT_FALSE(ready(rows));
}

TEST(RlsRead, UsingTrueBesideAFunctionPolicyMakesTheFunctionUnneeded) {
    Rls f;
    B::using_call(f.b.policy(f.t, "mine", 'r'), f.is_mine);
    B::using_true(f.b.policy(f.t, "all_rows", 'r'));
    Rows rows = f.read();
    EXPECT_EQ(rows_where(rows, "function", "").size(), 0u) << describe(rows);
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kRead);
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.detail, "Row-level security applies, but policy \"mine\", \"all_rows\" lets the "
                        "role read every row.");
    EXPECT_TRUE(ready(rows));
}

TEST(RlsRead, AFoldableConstantPolicyBesideMakesTheFunctionAWarning) {
    Rls f;
    B::using_call(f.b.policy(f.t, "mine", 'r'), f.is_mine);
    PolicyFacts& c = f.b.policy(f.t, "by_setting", 'r');
    c.using_expr.emplace(); // USING (current_setting('x') = 'y'): no column, foldable
    Rows rows = f.read();
    Row fn = only_row(rows, "function", "is_mine(integer)", "EXECUTE", kRead);
    EXPECT_EQ(fn.status, Status::Warning);
    EXPECT_EQ(fn.detail, "The role lacks EXECUTE on function s.is_mine(integer), which may be "
                         "called to read \"s\".\"t\" (policy \"mine\").");
    EXPECT_TRUE(ready(rows));
}

TEST(RlsRead, FunctionHeldIsAnOkRow) {
    Rls f;
    f.b.grant(f.b.function_priv(f.is_mine), kPublicGrantee, priv::kExecute);
    B::using_call(f.b.policy(f.t, "mine", 'r'), f.is_mine);
    Row fn = only_row(f.read(), "function", "is_mine(integer)", "EXECUTE", kRead);
    EXPECT_EQ(fn.status, Status::Ok);
    EXPECT_EQ(fn.via, "PUBLIC");
}

TEST(RlsRead, RestrictivePolicyFunctionIsCalledEvenBesideUsingTrue) {
    Rls f;
    B::using_true(f.b.policy(f.t, "all_rows", 'r'));
    B::using_call(f.b.policy(f.t, "region", 'r', false), f.in_region);
    Rows rows = f.read();
    Row fn = only_row(rows, "function", "in_region(integer)", "EXECUTE", kRead);
    EXPECT_EQ(fn.status, Status::Missing);
    EXPECT_EQ(fn.detail, "The role lacks EXECUTE on function s.in_region(integer), called to read "
                         "\"s\".\"t\" (restrictive policy \"region\").");
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kRead);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Row-level security filters the rows the role reads (policies "
                        "\"all_rows\", restricted by \"region\"): the read may silently return "
                        "fewer rows than exist.");
    // A permissive policy cannot widen a restrictive one: the fix is BYPASSRLS.
    EXPECT_EQ(r.fix, kBypassFix);
}

TEST(RlsRead, RestrictiveUsingTrueKeepsEveryRow) {
    Rls f;
    B::using_true(f.b.policy(f.t, "all_rows", 'r'));
    B::using_true(f.b.policy(f.t, "noop", 'r', false));
    EXPECT_EQ(only_row(f.read(), "table", "t", "BYPASSRLS", kRead).status, Status::Ok);
}

TEST(RlsRead, PolicyReadingOtherTablesWarns) {
    Rls f;
    PolicyFacts& p = f.b.policy(f.t, "members", 'r');
    p.using_expr = B::over_columns();
    p.using_expr->sublink = true;
    Rows rows = f.read();
    auto r = rls_rows(rows, kRead);
    ASSERT_EQ(r.size(), 2u) << describe(rows);
    EXPECT_EQ(r[0].status, Status::Warning);
    EXPECT_EQ(r[0].detail, "Policy \"members\" reads other tables with the role's privileges; "
                           "those reads are not checked.");
    EXPECT_EQ(r[0].fix, std::nullopt);
    EXPECT_EQ(r[1].status, Status::Warning);
    EXPECT_EQ(r[1].fix, kSelectFix);
}

// --- writes -----------------------------------------------------------------------

TEST(RlsWrite, NoPermissiveInsertPolicyIsMissingWithACreatePolicyFix) {
    Rls f;
    Rows rows = f.write();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.detail, "Row-level security applies and no permissive INSERT policy admits the "
                        "role's new rows: every insert fails with \"new row violates row-level "
                        "security policy\".");
    EXPECT_EQ(r.fix, kInsertFix);
    EXPECT_EQ(r.via, std::nullopt);
    EXPECT_FALSE(ready(rows));
}

TEST(RlsWrite, SelectOrOtherRolesPoliciesDoNotAdmitInserts) {
    Rls f;
    B::using_true(f.b.policy(f.t, "read_all", 'r'));
    B::check_true(f.b.policy(f.t, "others", 'a')).applies = false;
    B::using_true(f.b.policy(f.t, "upd", 'w'));
    Row r = only_row(f.write(), "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix, kInsertFix);
}

TEST(RlsWrite, WithCheckTrueIsOk) {
    Rls f;
    B::check_true(f.b.policy(f.t, "ins", 'a'));
    Rows rows = f.write();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Ok);
    EXPECT_EQ(r.via, "policy");
    EXPECT_EQ(r.detail, "Row-level security applies; policy \"ins\" admits every new row.");
    EXPECT_EQ(r.fix, std::nullopt);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(RlsWrite, ForAllUsingTrueAdmitsInsertsWithoutWithCheck) {
    Rls f;
    B::using_true(f.b.policy(f.t, "all", '*'));
    EXPECT_EQ(only_row(f.write(), "table", "t", "BYPASSRLS", kWrite).status, Status::Ok);
}

TEST(RlsWrite, WithCheckWinsOverUsing) {
    // FOR ALL USING (true) WITH CHECK (is_mine(owner_id)): new rows meet the check.
    Rls f;
    B::check_call(B::using_true(f.b.policy(f.t, "all", '*')), f.is_mine);
    Rows rows = f.write();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(only_row(rows, "function", "is_mine(integer)", "EXECUTE", kWrite).status,
              Status::Missing);
}

TEST(RlsWrite, DataDependentCheckWarnsAndNeedsTheFunction) {
    Rls f;
    B::check_call(f.b.policy(f.t, "own_rows", 'a'), f.is_mine);
    Rows rows = f.write();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Row-level security applies: new rows must pass \"own_rows\" (INSERT), so "
                        "whether each insert succeeds depends on the data.");
    EXPECT_EQ(r.fix, kBypassFix);
    Row fn = only_row(rows, "function", "is_mine(integer)", "EXECUTE", kWrite);
    EXPECT_EQ(fn.status, Status::Missing);
    EXPECT_EQ(fn.detail, "The role lacks EXECUTE on function s.is_mine(integer), called to insert "
                         "\"s\".\"t\" (policy \"own_rows\").");
}

TEST(RlsWrite, WithCheckTrueBesideAFunctionPolicyMakesTheFunctionUnneeded) {
    Rls f;
    B::check_call(f.b.policy(f.t, "own_rows", 'a'), f.is_mine);
    B::check_true(f.b.policy(f.t, "anything", 'a'));
    Rows rows = f.write();
    EXPECT_EQ(rows_where(rows, "function", "").size(), 0u) << describe(rows);
    EXPECT_EQ(only_row(rows, "table", "t", "BYPASSRLS", kWrite).status, Status::Ok);
    EXPECT_TRUE(ready(rows));
}

TEST(RlsWrite, RestrictiveBesidePermissive) {
    Rls f;
    B::check_true(f.b.policy(f.t, "anything", 'a'));
    B::check_call(f.b.policy(f.t, "region", 'a', false), f.in_region);
    Rows rows = f.write();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Row-level security applies: new rows must pass \"anything\" and "
                        "\"region\" (INSERT), so whether each insert succeeds depends on the "
                        "data.");
    EXPECT_EQ(r.fix, kBypassFix);
    Row fn = only_row(rows, "function", "in_region(integer)", "EXECUTE", kWrite);
    EXPECT_EQ(fn.status, Status::Missing);
    EXPECT_EQ(fn.detail, "The role lacks EXECUTE on function s.in_region(integer), called to "
                         "insert \"s\".\"t\" (restrictive policy \"region\").");
}

TEST(RlsWrite, RestrictiveOnlyIsMissing) {
    // Restrictive policies alone admit nothing (verified on PostgreSQL 15:
    // "new row violates row-level security policy").
    Rls f;
    B::check_true(f.b.policy(f.t, "noop", 'a', false));
    Row r = only_row(f.write(), "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix, kInsertFix);
}

TEST(RlsWrite, RestrictiveOnlyPolicyFunctionIsNeededOnceThePolicyFixIsApplied) {
    // Regression (found by these tests): with only a restrictive INSERT policy calling a function
    // the role cannot execute, check() reports the missing permissive policy (fix: CREATE POLICY
    // ... WITH CHECK (true)) but no row for the function: policy_functions() returns early when no
    // permissive policy applies. Once the fix runs, PostgreSQL 15 fails the insert with "permission
    // denied for function in_region" (verified), so the fix script does not
    // make the role ready. The function should be reported (missing, with a
    // GRANT EXECUTE fix) whenever the restrictive policy would be evaluated
    // after the fix.
    Rls f;
    B::check_call(f.b.policy(f.t, "region", 'a', false), f.in_region);
    Rows rows = f.write();
    EXPECT_EQ(only_row(rows, "table", "t", "BYPASSRLS", kWrite).status, Status::Missing);
    Row fn = only_row(rows, "function", "in_region(integer)", "EXECUTE", kWrite);
    EXPECT_EQ(fn.status, Status::Missing);
    EXPECT_EQ(fn.fix, "GRANT EXECUTE ON FUNCTION \"s\".\"in_region\"(integer) TO \"loader\";");
}

TEST(RlsWrite, PolicyNameIsLowercasedButTheRoleKeepsItsCase) {
    CatalogBuilder b("Loader");
    Oid s = b.schema("s");
    Oid t = b.table(s, "t", {"id"});
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    b.grant(b.table_priv(t), kRole, priv::kInsert);
    b.enable_rls(t);
    Row r = only_row(check_destination(b.build()), "table", "t", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.fix, "CREATE POLICY \"preflight_insert_loader\" ON \"s\".\"t\" AS PERMISSIVE FOR "
                     "INSERT TO \"Loader\" WITH CHECK (true);");
}

TEST(RlsWrite, PolicyFixQuotesNames) {
    CatalogBuilder b("we\"ird");
    Oid s = b.schema("a.b");
    Oid t = b.table(s, "c\"d", {"id"});
    b.enable_rls(t);
    Row r = only_row(check_destination(b.build()), "table", "c\"d", "BYPASSRLS", kWrite);
    EXPECT_EQ(r.fix, "CREATE POLICY \"preflight_insert_we\"\"ird\" ON \"a.b\".\"c\"\"d\" AS "
                     "PERMISSIVE FOR INSERT TO \"we\"\"ird\" WITH CHECK (true);");
}

TEST(RlsWrite, UpsertNeedsSelectPoliciesForNewRows) {
    // DO UPDATE reads the conflict key: new rows must pass SELECT policies.
    Rls f;
    f.b.table_facts(f.t).primary_key = {1};
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kUpdate);
    B::check_true(f.b.policy(f.t, "ins", 'a'));
    B::using_true(f.b.policy(f.t, "upd", 'w'));
    Rows rows = f.write(JobOptions{.on_conflict = OnConflict::Update});
    EXPECT_EQ(only_row(rows, "table", "t", "BYPASSRLS", kWrite).status, Status::Ok);
    auto upsert = with_status(rls_rows(rows, "upsert"), Status::Missing);
    ASSERT_EQ(upsert.size(), 1u) << describe(rows);
    EXPECT_EQ(upsert[0].detail, "Row-level security applies and no permissive SELECT policy "
                                "admits the role's new rows: every upsert fails with \"new row "
                                "violates row-level security policy\".");
    EXPECT_EQ(upsert[0].fix, kSelectFix);
    B::using_true(f.b.policy(f.t, "sel", 'r'));
    Rows fixed = f.write(JobOptions{.on_conflict = OnConflict::Update});
    EXPECT_TRUE(ready(fixed)) << describe(fixed);
    // DO NOTHING has no conflict target: no SELECT policy is asked.
    Rls g;
    g.b.table_facts(g.t).primary_key = {1};
    B::check_true(g.b.policy(g.t, "ins", 'a'));
    EXPECT_TRUE(ready(g.write(JobOptions{.on_conflict = OnConflict::Nothing})));
}

TEST(RlsWrite, UpdateOfCircularKeysWarnsAboutHiddenRows) {
    Rls f;
    f.b.table_facts(f.t).primary_key = {1};
    f.b.grant(f.b.table_priv(f.t), kRole, priv::kUpdate);
    f.b.foreign_key(f.t, f.t, {2});
    B::check_true(f.b.policy(f.t, "ins", 'a'));
    Rows rows = f.write();
    Row r = only_row(rows, "table", "t", "BYPASSRLS", "update foreign keys");
    EXPECT_EQ(r.status, Status::Warning);
    EXPECT_EQ(r.detail, "Row-level security applies and no permissive UPDATE policy lets the "
                        "role see rows: the update silently changes nothing.");
    EXPECT_EQ(r.fix, kBypassFix);
}

} // namespace
} // namespace preflight
