// A job's two ends compared (core/job_compare.cpp): what the destination
// lacks of the source, and the fixes that create it.
#include "../../core/job_compare.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

Shape source_shape() {
    Shape s;
    s.schemas = {"app", "Odd \"x\""};
    s.types = {
        ShapeType{"app", "mood", "app.mood", 'e', {"ok", "it's bad"}, "", {}},
        ShapeType{"app", "posint", "app.posint", 'd', {}, "integer", {}},
        ShapeType{"app", "pair", "app.pair", 'c', {}, "", {{"a", "integer"}, {"b", "text"}}}};
    s.tables = {
        ShapeTable{"Odd \"x\"", "T", {{"a", "integer", false, false}}, {}},
        ShapeTable{"app",
                   "users",
                   {{"id", "integer", true, false},
                    {"mood", "app.mood[]", false, false},
                    {"score", "app.posint", false, false},
                    {"p", "app.pair", false, false},
                    {"g", "integer", false, true}},
                   {"id"}},
        ShapeTable{"app",
                   "orders",
                   {{"id", "bigint", true, false}, {"total", "numeric(10,2)", false, false}},
                   {"id"}},
    };
    return s;
}

Shape destination_shape() {
    Shape d;
    d.schemas = {"app"};
    d.tables = {ShapeTable{"app",
                           "orders",
                           {{"id", "bigint", true, false}, {"total", "integer", false, false}},
                           {"id"}}};
    return d;
}

std::vector<std::string> fixes(const Rows& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
        if (r.fix)
            out.push_back(*r.fix);
    return out;
}

TEST(JobCompare, WhatTheDestinationLacksAndTheDdlThatMakesIt) {
    const Rows rows = compare_shapes(source_shape(), destination_shape(), JobOptions{}, "loader");
    EXPECT_EQ(fixes(rows),
              (std::vector<std::string>{
                  "CREATE SCHEMA \"Odd \"\"x\"\"\" AUTHORIZATION \"loader\";",
                  "CREATE TYPE \"app\".\"mood\" AS ENUM ('ok', 'it''s bad');",
                  "CREATE DOMAIN \"app\".\"posint\" AS integer;",
                  "CREATE TYPE \"app\".\"pair\" AS (\"a\" integer, \"b\" text);",
                  "CREATE TABLE \"Odd \"\"x\"\"\".\"T\" (\"a\" integer); ALTER TABLE "
                  "\"Odd \"\"x\"\"\".\"T\" OWNER TO \"loader\";",
                  "CREATE TABLE \"app\".\"users\" (\"id\" integer NOT NULL, \"mood\" app.mood[], "
                  "\"score\" app.posint, \"p\" app.pair, PRIMARY KEY (\"id\")); ALTER TABLE "
                  "\"app\".\"users\" OWNER TO \"loader\";"}));
    for (const auto& r : rows) {
        if (r.privilege == "EXISTS") {
            EXPECT_EQ(r.status, Status::Missing);
            EXPECT_EQ(r.needed_for, "write");
        }
    }
    // A column whose type differs is a warning, with no fix.
    ASSERT_EQ(rows.back().privilege, "TYPE");
    EXPECT_EQ(rows.back().status, Status::Warning);
    EXPECT_EQ(rows.back().column_name, "total");
    EXPECT_EQ(rows.back().fix, std::nullopt);
    EXPECT_EQ(rows.back().detail, "Column \"total\" of \"app\".\"orders\" is numeric(10,2) on the "
                                  "source and integer on the destination: values are converted "
                                  "on INSERT, which may fail or change them.");
}

TEST(JobCompare, AnAbsentColumnOfAPresentTable) {
    Shape src = destination_shape();
    src.tables[0].columns.push_back({"note", "text", true, false});
    const Rows rows = compare_shapes(src, destination_shape(), JobOptions{}, "loader");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].column_name, "note");
    EXPECT_EQ(rows[0].fix, "ALTER TABLE \"app\".\"orders\" ADD COLUMN \"note\" text;");
    // init creates absent tables, never a column of a table that exists.
    const Rows init =
        compare_shapes(src, destination_shape(), JobOptions{.init_tables = true}, "l");
    ASSERT_EQ(init.size(), 1u);
    EXPECT_NE(init[0].detail.find("init does not add columns"), std::string::npos);
}

TEST(JobCompare, InitAndCreateSchemasMakeWhatIsAbsent) {
    const Rows init = compare_shapes(source_shape(), destination_shape(),
                                     JobOptions{.init_tables = true}, "loader");
    for (const auto& r : init)
        EXPECT_NE(r.privilege, "EXISTS") << r.detail;
    const Rows schemas = compare_shapes(source_shape(), destination_shape(),
                                        JobOptions{.create_schemas = true}, "loader");
    for (const auto& r : schemas)
        EXPECT_NE(r.object_type, "schema") << r.detail;
}

TEST(JobCompare, NothingWhenTheEndsAgree) {
    EXPECT_TRUE(compare_shapes(source_shape(), source_shape(), JobOptions{}, "loader").empty());
}

} // namespace
} // namespace preflight
