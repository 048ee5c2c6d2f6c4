// Quoting: identifiers and literals for every name PostgreSQL allows, and the
// fixes the rules build from them.
#include "catalog_builder.hpp"
#include "core/quote.hpp"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace testing;

TEST(QuoteIdent, AlwaysQuotes) {
    EXPECT_EQ(quote_ident("orders"), "\"orders\"");
    EXPECT_EQ(quote_ident("select"), "\"select\""); // keyword
    EXPECT_EQ(quote_ident("Orders"), "\"Orders\""); // case is kept
    EXPECT_EQ(quote_ident("1abc"), "\"1abc\"");
    EXPECT_EQ(quote_ident(""), "\"\"");
}

TEST(QuoteIdent, DoublesDoubleQuotes) {
    EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_ident("\""), "\"\"\"\"");
    EXPECT_EQ(quote_ident("\"\""), "\"\"\"\"\"\"");
    EXPECT_EQ(quote_ident("\"leading and trailing\""), "\"\"\"leading and trailing\"\"\"");
}

TEST(QuoteIdent, KeepsDotsSpacesAndSingleQuotes) {
    EXPECT_EQ(quote_ident("a.b"), "\"a.b\"");
    EXPECT_EQ(quote_ident("my table"), "\"my table\"");
    EXPECT_EQ(quote_ident("it's"), "\"it's\"");
    EXPECT_EQ(quote_ident("back\\slash"), "\"back\\slash\"");
}

TEST(QuoteIdent, KeepsNewlinesAndControlCharacters) {
    EXPECT_EQ(quote_ident("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(quote_ident("cr\rlf"), "\"cr\rlf\"");
    EXPECT_EQ(quote_ident("tab\tbed"), "\"tab\tbed\"");
    EXPECT_EQ(quote_ident("x--y"), "\"x--y\"");
}

TEST(QuoteIdent, KeepsNonAsciiBytes) {
    EXPECT_EQ(quote_ident("Überweisung"), "\"Überweisung\"");
    EXPECT_EQ(quote_ident("注文"), "\"注文\"");
    EXPECT_EQ(quote_ident("emoji 🐘"), "\"emoji 🐘\"");
    // A byte string that is not UTF-8 passes through unchanged.
    EXPECT_EQ(quote_ident(std::string("\xff\xfe")), std::string("\"\xff\xfe\""));
}

TEST(QuoteLiteral, DoublesSingleQuotesOnly) {
    EXPECT_EQ(quote_literal("abc"), "'abc'");
    EXPECT_EQ(quote_literal("it's"), "'it''s'");
    EXPECT_EQ(quote_literal("''"), "''''''");
    EXPECT_EQ(quote_literal("a\"b"), "'a\"b'");
    // standard_conforming_strings: backslashes are literal, no E'' string.
    EXPECT_EQ(quote_literal("a\\b"), "'a\\b'");
    EXPECT_EQ(quote_literal("line\nbreak"), "'line\nbreak'");
    EXPECT_EQ(quote_literal(""), "''");
}

TEST(Qualified, QuotesEachPartSoDotsStayInsideNames) {
    EXPECT_EQ(qualified("s", "t"), "\"s\".\"t\"");
    EXPECT_EQ(qualified("a.b", "c"), "\"a.b\".\"c\"");
    EXPECT_EQ(qualified("a", "b.c"), "\"a\".\"b.c\"");
    EXPECT_NE(qualified("a.b", "c"), qualified("a", "b.c"));
    EXPECT_EQ(qualified("we\"ird", "ta\"ble"), "\"we\"\"ird\".\"ta\"\"ble\"");
}

// The fixes carry the quoting through: schema, table, column and role names.
TEST(QuotedFixes, TableAndColumnGrants) {
    CatalogBuilder b("we\"ird role");
    Oid s = b.schema("my \"schema\"");
    Oid t = b.table(s, "a.b c", {"id", "col\"umn"});
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Rows rows = check_source(b.build());
    Row r = only_row(rows, "table", "a.b c", "SELECT", "read");
    EXPECT_EQ(r.status, Status::Missing);
    EXPECT_EQ(r.fix,
              "GRANT SELECT ON TABLE \"my \"\"schema\"\"\".\"a.b c\" TO \"we\"\"ird role\";");

    b.grant_column(t, 1, kRole, priv::kSelect);
    rows = check_source(b.build());
    Row c = column_row(rows, "a.b c", "col\"umn", "SELECT", "read");
    EXPECT_EQ(c.status, Status::Missing);
    EXPECT_EQ(c.fix, "GRANT SELECT (\"col\"\"umn\") ON TABLE \"my \"\"schema\"\"\".\"a.b c\" TO "
                     "\"we\"\"ird role\";");
}

TEST(QuotedFixes, SchemaDatabaseAndRole) {
    CatalogBuilder b("rôle\nwith newline");
    b.raw().database.name = "data base";
    CatalogBuilder::revoke(b.raw().database.priv, kPublicGrantee, priv::kConnect);
    b.login(false);
    b.schema("schéma.x");
    Rows rows = check_source(b.build());
    EXPECT_EQ(only_row(rows, "role", "rôle\nwith newline", "LOGIN", "connect").fix,
              "ALTER ROLE \"rôle\nwith newline\" LOGIN;");
    EXPECT_EQ(only_row(rows, "database", "data base", "CONNECT", "connect").fix,
              "GRANT CONNECT ON DATABASE \"data base\" TO \"rôle\nwith newline\";");
    EXPECT_EQ(only_row(rows, "schema", "schéma.x", "USAGE", "read").fix,
              "GRANT USAGE ON SCHEMA \"schéma.x\" TO \"rôle\nwith newline\";");
}

TEST(QuotedFixes, FunctionAndSequence) {
    CatalogBuilder b;
    Oid s = b.schema("S\"1");
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Oid t = b.table(s, "T", {"id", "v"});
    b.grant(b.table_priv(t), kRole, priv::kInsert);
    Oid f = b.function(s, "is \"ok\"", "integer, text", kOwner, false);
    b.table_facts(t).check_funcs.push_back(f);
    Oid q = b.sequence(s, "seq.1", kOwner);
    b.uses_sequence(t, q, 2);
    Rows rows = check_destination(b.build(), JobOptions{.truncate = true});
    EXPECT_EQ(only_row(rows, "function", "is \"ok\"(integer, text)", "EXECUTE", "write").fix,
              "GRANT EXECUTE ON FUNCTION \"S\"\"1\".\"is \"\"ok\"\"\"(integer, text) TO "
              "\"loader\";");
    EXPECT_EQ(only_row(rows, "sequence", "seq.1", "OWNER", "truncate").fix,
              "ALTER SEQUENCE \"S\"\"1\".\"seq.1\" OWNER TO \"loader\";");
}

} // namespace
} // namespace preflight
