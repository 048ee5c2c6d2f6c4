// A job's two ends compared (core/job_compare.cpp): what the destination
// lacks of the source, and the fixes that create it.
#include "../../core/job_compare.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

ShapeTable table(std::string schema, std::string name, std::vector<ShapeColumn> columns,
                 std::vector<std::string> key) {
    ShapeTable t;
    t.schema = std::move(schema);
    t.name = std::move(name);
    t.columns = std::move(columns);
    t.primary_key = std::move(key);
    return t;
}

Shape source_shape() {
    Shape s;
    s.schemas = {"app", "Odd \"x\""};
    s.types = {
        ShapeType{"app", "mood", "app.mood", 'e', {"ok", "it's bad"}, "", {}},
        ShapeType{"app", "posint", "app.posint", 'd', {}, "integer", {}},
        ShapeType{"app", "pair", "app.pair", 'c', {}, "", {{"a", "integer"}, {"b", "text"}}}};
    s.tables = {
        table("Odd \"x\"", "T", {{"a", "integer", false, false}}, {}),
        table("app", "users",
              {{"id", "integer", true, false},
               {"mood", "app.mood[]", false, false},
               {"score", "app.posint", false, false},
               {"p", "app.pair", false, false},
               {"g", "integer", false, true}},
              {"id"}),
        table("app", "orders",
              {{"id", "bigint", true, false}, {"total", "numeric(10,2)", false, false}}, {"id"}),
    };
    return s;
}

Shape destination_shape() {
    Shape d;
    d.schemas = {"app"};
    d.tables = {table("app", "orders",
                      {{"id", "bigint", true, false}, {"total", "integer", false, false}}, {"id"})};
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

TEST(JobCompare, WhatInitCreatesFromTheSource) {
    Shape src = source_shape();
    src.tables[1].do_blocks = true;
    src.tables[1].uses = {{'f', "util", "ok", "integer", 7},
                          {'f', "util", "ok", "text", 8},
                          {'S', "app", "users_id_seq", "", 9}};
    src.tables[1].references = {{"app", "orders", {"id"}}};
    src.extensions = {{"citext", "1.6", "public"},
                      {"hstore", "1.8", "app"},
                      {"elsewhere", "1.0", "other"},
                      {"dblink", "1.2", "public"},
                      {"old", "2.0", "public"}};
    Shape dst = destination_shape();
    dst.objects = {{'f', "util", "ok", "integer", 70}, {'S', "app", "other_seq", "", 90}};
    dst.types = {ShapeType{"app", "mood", "app.mood", 'e', {"ok"}, "", {}, 4242}};
    dst.extensions = {{"citext", "1.6", "public"}};
    dst.available = {
        {"hstore", "1.8", "", true}, {"dblink", "1.2", "", false}, {"old", "1.0", "", true}};
    const InitFromSource init = init_from_source(src, dst);
    // The two tables the destination lacks, in the source's order; orders exists.
    ASSERT_EQ(init.tables.size(), 2u);
    EXPECT_EQ(init.tables[0].schema_name, "Odd \"x\"");
    EXPECT_FALSE(init.tables[0].do_blocks);
    const TableToCreate& users = init.tables[1];
    EXPECT_EQ(users.name, "users");
    EXPECT_TRUE(users.do_blocks);
    // mood (an array of it) is on the destination, by its oid there.
    EXPECT_EQ(users.column_types, std::vector<Oid>{4242});
    // Functions by name and arguments: ok(integer) is there (its oid on the
    // destination); ok(text), the sequence, the domain and the composite are
    // made by init's DO blocks.
    EXPECT_EQ(users.functions, std::vector<Oid>{70});
    ASSERT_EQ(users.objects_to_make.size(), 4u);
    EXPECT_EQ(users.objects_to_make[0].name, "ok");
    EXPECT_EQ(users.objects_to_make[1].name, "users_id_seq");
    EXPECT_EQ(users.objects_to_make[2].name, "posint");
    EXPECT_EQ(users.objects_to_make[3].name, "pair");
    EXPECT_EQ(users.objects_to_make[3].schema, kInvalidOid); // the provider finds it
    ASSERT_EQ(users.references.size(), 1u);
    EXPECT_EQ(users.references[0].table, "orders");
    // Extensions in the tables' schemas or public, not installed there.
    ASSERT_EQ(init.extensions.size(), 3u);
    EXPECT_EQ(init.extensions[0].name, "hstore");
    EXPECT_TRUE(init.extensions[0].version_available);
    EXPECT_TRUE(init.extensions[0].trusted);
    EXPECT_EQ(init.extensions[1].name, "dblink");
    EXPECT_FALSE(init.extensions[1].trusted);
    EXPECT_EQ(init.extensions[2].name, "old");
    EXPECT_TRUE(init.extensions[2].available);
    EXPECT_FALSE(init.extensions[2].version_available);
    // Nothing to create when the ends agree.
    const InitFromSource none = init_from_source(src, src);
    EXPECT_TRUE(none.tables.empty());
    EXPECT_TRUE(none.extensions.empty());
}

TEST(JobCompare, NothingWhenTheEndsAgree) {
    EXPECT_TRUE(compare_shapes(source_shape(), source_shape(), JobOptions{}, "loader").empty());
}

} // namespace
} // namespace preflight
