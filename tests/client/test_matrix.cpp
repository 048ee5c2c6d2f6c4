// The per-object matrix: each cell the worst status of the rows behind it.
#include "report/matrix.hpp"
#include "rows.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;
using pc::Cell;
using preflight::Rows;
using preflight::Status;
using testing_client::make_row;

TEST(Matrix, SourceJobReadAndSequenceColumns) {
    const Rows rows = {
        make_row("role", std::nullopt, "r", "LOGIN", "connect", Status::Ok),
        make_row("schema", "s", "s", "USAGE", "read", Status::Ok),
        make_row("table", "s", "a", "SELECT", "read", Status::Ok),
        make_row("column", "s", "b", "SELECT", "read", Status::Ok, std::nullopt, "x"),
        make_row("column", "s", "b", "SELECT", "read", Status::Missing, "GRANT", "y"),
        make_row("table", "s", "b", "BYPASSRLS", "read", Status::Warning),
        make_row("sequence", "s", "a_id_seq", "SELECT", "read sequences", Status::Ok),
    };
    const auto m = pc::build_matrix(rows);
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].name, "a");
    EXPECT_EQ(m[0].kind, "table");
    EXPECT_EQ(m[0].read, Cell::Ok);
    EXPECT_EQ(m[0].write, Cell::NotNeeded);
    EXPECT_EQ(m[0].truncate, Cell::NotNeeded);
    EXPECT_EQ(m[0].sequence, Cell::NotNeeded);
    EXPECT_EQ(m[1].name, "b");
    EXPECT_EQ(m[1].read, Cell::Missing); // missing beats warning beats ok
    EXPECT_EQ(m[2].name, "a_id_seq");
    EXPECT_EQ(m[2].kind, "sequence");
    EXPECT_EQ(m[2].sequence, Cell::Ok);
    EXPECT_EQ(m[2].read, Cell::NotNeeded);
}

TEST(Matrix, MissingSchemaUsageMakesEveryTableInItMissing) {
    const Rows rows = {
        make_row("schema", "s", "s", "USAGE", "read", Status::Missing, "GRANT USAGE"),
        make_row("table", "s", "a", "SELECT", "read", Status::Ok),
        make_row("table", "t", "c", "SELECT", "read", Status::Ok),
    };
    const auto m = pc::build_matrix(rows);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].read, Cell::Missing);
    EXPECT_EQ(m[1].read, Cell::Ok); // another schema
}

TEST(Matrix, SchemaRowsDoNotInventWorkAnObjectDoesNotNeed) {
    const Rows rows = {
        make_row("table", "s", "a", "SELECT", "read", Status::Ok),
        make_row("schema", "s", "s", "USAGE", "read sequences", Status::Missing),
    };
    const auto m = pc::build_matrix(rows);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].sequence, Cell::NotNeeded);
}

TEST(Matrix, DestinationStepsFallIntoTheirColumns) {
    const Rows rows = {
        make_row("table", "s", "t", "INSERT", "write", Status::Ok),
        make_row("column", "s", "t", "UPDATE", "upsert", Status::Missing, "GRANT", "c"),
        make_row("table", "s", "t", "TRUNCATE", "truncate", Status::Ok),
        make_row("table", "s", "t", "SELECT", "reset sequences", Status::Warning),
        make_row("trigger", "s", "t.audit", "EXECUTE", "write", Status::Warning),
        make_row("database", std::nullopt, "db", "CREATE", "create schemas", Status::Missing),
        make_row("schema", "s", "s", "CREATE", "create tables", Status::Missing),
    };
    const auto m = pc::build_matrix(rows);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].write, Cell::Missing);
    EXPECT_EQ(m[0].truncate, Cell::Ok);
    EXPECT_EQ(m[0].sequence, Cell::Warning);
    EXPECT_EQ(m[0].read, Cell::NotNeeded);
}

TEST(Matrix, TriggerRowsFindTheirTableEvenWithDotsInNames) {
    const Rows rows = {
        make_row("table", "s", "a", "INSERT", "write", Status::Ok),
        make_row("table", "s", "a.b", "INSERT", "write", Status::Ok),
        make_row("trigger", "s", "a.b.tg", "EXECUTE", "write", Status::Warning),
    };
    const auto m = pc::build_matrix(rows);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].write, Cell::Ok);      // "a" is a shorter match
    EXPECT_EQ(m[1].write, Cell::Warning); // "a.b" owns trigger "tg"
}

TEST(Matrix, CellTexts) {
    EXPECT_STREQ(pc::cell_text(Cell::NotNeeded), "-");
    EXPECT_STREQ(pc::cell_text(Cell::Ok), "ok");
    EXPECT_STREQ(pc::cell_text(Cell::Warning), "warn");
    EXPECT_STREQ(pc::cell_text(Cell::Missing), "MISSING");
}
