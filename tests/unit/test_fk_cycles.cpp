// Circular foreign-key references and the "update foreign keys" step.
#include "catalog_builder.hpp"
#include "core/fk_cycles.hpp"

#include <gtest/gtest.h>

#include <pthread.h>

#include <chrono>
#include <functional>

namespace preflight {
namespace {

using namespace testing;
using Groups = std::vector<std::vector<Oid>>;

// Runs `f` on a thread with a small stack, as a backend has little to
// spare: recursion over a long chain would overflow it. Returns false when
// the thread could not be started.
bool run_with_small_stack(std::function<void()> f, std::size_t stack_bytes = 256 * 1024) {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        return false;
    pthread_attr_setstacksize(&attr, stack_bytes);
    pthread_t thread;
    auto trampoline = [](void* arg) -> void* {
        (*static_cast<std::function<void()>*>(arg))();
        return nullptr;
    };
    int rc = pthread_create(&thread, &attr, trampoline, &f);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return false;
    pthread_join(thread, nullptr);
    return true;
}

struct Chain {
    CatalogBuilder b;
    Oid s = b.schema("s");
    std::vector<Oid> tables;

    explicit Chain(int n) {
        tables.reserve(n);
        for (int i = 0; i < n; ++i)
            tables.push_back(b.table(s, "t" + std::to_string(i), {"id", "next_id"}));
    }
    // t[i] references t[j]
    void link(int i, int j) { b.foreign_key(tables[i], tables[j], {2}); }
};

TEST(FkCycles, NoForeignKeys) {
    Chain c(3);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), Groups{});
}

TEST(FkCycles, EmptyCatalog) {
    EXPECT_EQ(foreign_key_cycles(Catalog{}), Groups{});
}

TEST(FkCycles, ChainWithoutCycle) {
    Chain c(4);
    c.link(0, 1);
    c.link(1, 2);
    c.link(2, 3);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), Groups{});
}

TEST(FkCycles, SelfReference) {
    Chain c(3);
    c.link(1, 1);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), (Groups{{c.tables[1]}}));
}

TEST(FkCycles, TwoTablesReferencingEachOther) {
    Chain c(3);
    c.link(2, 0);
    c.link(0, 2);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), (Groups{{c.tables[0], c.tables[2]}}));
}

TEST(FkCycles, GroupsAreInTableOrderAndOrderedByTheirFirstTable) {
    Chain c(7);
    // {1, 4, 5} form one cycle (5 -> 4 -> 1 -> 5), {2, 6} another, 3 refers to itself,
    // 0 references into a cycle without being part of it.
    c.link(5, 4);
    c.link(4, 1);
    c.link(1, 5);
    c.link(6, 2);
    c.link(2, 6);
    c.link(3, 3);
    c.link(0, 5);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), (Groups{{c.tables[1], c.tables[4], c.tables[5]},
                                                       {c.tables[2], c.tables[6]},
                                                       {c.tables[3]}}));
}

TEST(FkCycles, TwoCyclesSharingATableAreOneGroup) {
    Chain c(4);
    c.link(0, 1);
    c.link(1, 0);
    c.link(1, 2);
    c.link(2, 1);
    c.link(3, 3);
    EXPECT_EQ(foreign_key_cycles(c.b.build()),
              (Groups{{c.tables[0], c.tables[1], c.tables[2]}, {c.tables[3]}}));
}

TEST(FkCycles, SelfReferenceInsideALargerGroup) {
    Chain c(2);
    c.link(0, 0);
    c.link(0, 1);
    c.link(1, 0);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), (Groups{{c.tables[0], c.tables[1]}}));
}

TEST(FkCycles, CyclesThroughTablesOutOfScopeDoNotCount) {
    Chain c(2);
    Oid outside = c.b.table(c.s, "outside", {"id", "next_id"}, kOwner, 'r', false);
    c.b.foreign_key(c.tables[0], outside, {2});
    c.b.foreign_key(outside, c.tables[1], {2});
    c.link(1, 0);
    EXPECT_EQ(foreign_key_cycles(c.b.build()), Groups{});
}

constexpr int kDeep = 100000;

TEST(FkCycles, DeepChainDoesNotOverflowTheStack) {
    Chain c(kDeep);
    for (int i = 0; i + 1 < kDeep; ++i)
        c.link(i, i + 1);
    const Catalog cat = c.b.build();
    Groups groups{{0}};
    ASSERT_TRUE(run_with_small_stack([&] { groups = foreign_key_cycles(cat); }));
    EXPECT_EQ(groups, Groups{});
}

TEST(FkCycles, DeepChainInReverseTableOrder) {
    Chain c(kDeep);
    for (int i = kDeep - 1; i > 0; --i)
        c.link(i, i - 1);
    const Catalog cat = c.b.build();
    Groups groups{{0}};
    ASSERT_TRUE(run_with_small_stack([&] { groups = foreign_key_cycles(cat); }));
    EXPECT_EQ(groups, Groups{});
}

TEST(FkCycles, DeepRingIsOneGroup) {
    Chain c(kDeep);
    for (int i = 0; i < kDeep; ++i)
        c.link(i, (i + 1) % kDeep);
    const Catalog cat = c.b.build();
    Groups groups;
    ASSERT_TRUE(run_with_small_stack([&] { groups = foreign_key_cycles(cat); }));
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups.front(), c.tables);
}

TEST(FkCycles, DeepChainEndingInASelfReference) {
    Chain c(kDeep);
    for (int i = 0; i + 1 < kDeep; ++i)
        c.link(i, i + 1);
    c.link(kDeep - 1, kDeep - 1);
    const Catalog cat = c.b.build();
    Groups groups;
    ASSERT_TRUE(run_with_small_stack([&] { groups = foreign_key_cycles(cat); }));
    EXPECT_EQ(groups, (Groups{{c.tables.back()}}));
}

// A long ring through check(): every table needs UPDATE on its foreign key
// column. It must finish in reasonable time, not in time quadratic in the ring.
TEST(FkCycles, DeepRingThroughCheck) {
    constexpr int n = 20000;
    Chain c(n);
    c.b.grant(c.b.schema_priv(c.s), kRole, priv::kUsage);
    for (int i = 0; i < n; ++i) {
        c.link(i, (i + 1) % n);
        c.b.grant(c.b.table_priv(c.tables[i]), kRole, priv::kInsert | priv::kSelect);
    }
    const Catalog cat = c.b.build();
    Rows rows;
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(run_with_small_stack([&] { rows = check_destination(cat); }, 1024 * 1024));
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto missing = with_status(rows, Status::Missing);
    ASSERT_EQ(missing.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(describe(missing.front()),
              "column s t0(next_id) UPDATE [update foreign keys] missing via=- fix=GRANT UPDATE "
              "(\"next_id\") ON TABLE \"s\".\"t0\" TO \"loader\";");
    EXPECT_LT(seconds, 30.0);
}

// --- the "update foreign keys" step ----------------------------------------

struct Cycle {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid a = b.table(s, "a", {"id", "b_id", "note"});
    Oid c = b.table(s, "b", {"id", "a_id"});
    Cycle() {
        b.grant(b.schema_priv(s), kRole, priv::kUsage);
        b.grant(b.table_priv(a), kRole, priv::kInsert);
        b.grant(b.table_priv(c), kRole, priv::kInsert);
        b.foreign_key(a, c, {2}, "a_b_fkey");
        b.foreign_key(c, a, {2}, "b_a_fkey");
        b.table_facts(a).primary_key = {1};
        b.table_facts(c).primary_key = {1};
    }
};

TEST(UpdateForeignKeys, NeedsUpdateOnTheKeyColumnsAndSelectOnThePrimaryKey) {
    Cycle f;
    Rows rows = check_destination(f.b.build());
    const char* step = "update foreign keys";
    // Column rows: UPDATE on the foreign-key column only, SELECT on the key.
    EXPECT_EQ(rows_where(rows, "table", "a", "UPDATE", step).size(), 0u);
    Row u = column_row(rows, "a", "b_id", "UPDATE", step);
    EXPECT_EQ(u.status, Status::Missing);
    EXPECT_EQ(u.fix, "GRANT UPDATE (\"b_id\") ON TABLE \"s\".\"a\" TO \"loader\";");
    Row sel = column_row(rows, "a", "id", "SELECT", step);
    EXPECT_EQ(sel.status, Status::Missing);
    EXPECT_EQ(sel.fix, "GRANT SELECT (\"id\") ON TABLE \"s\".\"a\" TO \"loader\";");
    EXPECT_EQ(rows_where(rows, "column", "a", "", step).size(), 2u);
    // Table "b" has two columns: UPDATE on one is a column row, SELECT on the
    // primary key another.
    EXPECT_EQ(column_row(rows, "b", "a_id", "UPDATE", step).status, Status::Missing);
    EXPECT_EQ(column_row(rows, "b", "id", "SELECT", step).status, Status::Missing);
    EXPECT_EQ(only_row(rows, "schema", "s", "USAGE", step).status, Status::Ok);
}

TEST(UpdateForeignKeys, ColumnGrantsAreEnough) {
    Cycle f;
    f.b.grant_column(f.a, 2, kRole, priv::kUpdate);
    f.b.grant_column(f.a, 1, kRole, priv::kSelect);
    Rows rows = check_destination(f.b.build());
    const char* step = "update foreign keys";
    Row u = column_row(rows, "a", "b_id", "UPDATE", step);
    EXPECT_EQ(u.status, Status::Ok);
    EXPECT_EQ(u.via, "direct");
    EXPECT_EQ(u.detail, "Needed to set the foreign keys of \"s\".\"a\" after loading (circular "
                        "references); granted on the column, not the table.");
    EXPECT_EQ(column_row(rows, "a", "id", "SELECT", step).status, Status::Ok);
}

TEST(UpdateForeignKeys, TableGrantsGiveOneTableRow) {
    Cycle f;
    f.b.grant(f.b.table_priv(f.a), kRole, priv::kUpdate | priv::kSelect);
    Rows rows = check_destination(f.b.build());
    const char* step = "update foreign keys";
    EXPECT_EQ(only_row(rows, "table", "a", "UPDATE", step).via, "direct");
    EXPECT_EQ(only_row(rows, "table", "a", "SELECT", step).via, "direct");
    EXPECT_EQ(rows_where(rows, "column", "a", "", step).size(), 0u);
}

TEST(UpdateForeignKeys, OffWhenTheOptionIsOff) {
    Cycle f;
    Rows rows = check_destination(f.b.build(), JobOptions{.update_foreign_keys = false});
    EXPECT_EQ(rows_where(rows, "", "", "", "update foreign keys").size(), 0u);
    EXPECT_TRUE(ready(rows)) << describe(rows);
}

TEST(UpdateForeignKeys, NoStepWithoutACycle) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid a = b.table(s, "a", {"id"});
    Oid c = b.table(s, "c", {"id", "a_id"});
    b.foreign_key(c, a, {2});
    Rows rows = check_destination(b.build());
    EXPECT_EQ(rows_where(rows, "", "", "", "update foreign keys").size(), 0u);
}

TEST(UpdateForeignKeys, SelfReferenceWithoutPrimaryKeyReadsNothing) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Oid t = b.table(s, "tree", {"id", "parent_id"});
    b.grant(b.table_priv(t), kRole, priv::kInsert);
    b.foreign_key(t, t, {2});
    Rows rows = check_destination(b.build());
    const char* step = "update foreign keys";
    EXPECT_EQ(column_row(rows, "tree", "parent_id", "UPDATE", step).status, Status::Missing);
    // No primary key: Neosync's UPDATE has no WHERE clause, so it reads no column.
    EXPECT_EQ(rows_where(rows, "", "tree", "SELECT", step).size(), 0u) << describe(rows);
}

TEST(UpdateForeignKeys, OnlyTheForeignKeysInTheCycle) {
    Cycle f;
    Oid other = f.b.table(f.s, "other", {"id"});
    f.b.table_facts(f.a).columns.push_back(ColumnFacts{});
    auto& col = f.b.table_facts(f.a).columns.back();
    col.attnum = 4;
    col.name = "other_id";
    f.b.foreign_key(f.a, other, {4}, "a_other_fkey");
    Rows rows = check_destination(f.b.build());
    const char* step = "update foreign keys";
    EXPECT_EQ(column_row(rows, "a", "b_id", "UPDATE", step).status, Status::Missing);
    for (const auto& r : rows_where(rows, "column", "a", "UPDATE", step))
        EXPECT_NE(r.column_name, "other_id");
}

} // namespace
} // namespace preflight
