// fix_script and ready: order, deduplication, comments that stay comments,
// and the promise that running the script turns a role ready. The last is
// checked by applying each statement to the facts (a tiny interpreter for
// the statements the rules emit) and checking again.
#include "catalog_builder.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace preflight {
namespace {

using namespace testing;

Row missing(const std::string& fix) {
    Row r;
    r.object_type = "table";
    r.object_name = "t";
    r.privilege = "SELECT";
    r.needed_for = "read";
    r.status = Status::Missing;
    r.detail = "d";
    r.fix = fix;
    return r;
}

// --- a lexer for the statements of a fix script ---------------------------------

struct Token {
    enum Kind { Word, Ident, Literal, Punct } kind;
    std::string text; // identifiers and literals unquoted
};

// Splits a script into statements of tokens as PostgreSQL's lexer would:
// "--" comments run to the end of the line (\n or \r), quoted identifiers
// and literals double their quote. Throws on anything unterminated.
std::vector<std::vector<Token>> statements(const std::string& sql) {
    std::vector<std::vector<Token>> out;
    std::vector<Token> current;
    std::size_t i = 0;
    auto quoted = [&](char q) {
        std::string text;
        ++i;
        for (;;) {
            if (i >= sql.size())
                throw std::runtime_error(std::string("unterminated ") + q + " in: " + sql);
            if (sql[i] == q) {
                if (i + 1 < sql.size() && sql[i + 1] == q) {
                    text += q;
                    i += 2;
                    continue;
                }
                ++i;
                return text;
            }
            text += sql[i++];
        }
    };
    while (i < sql.size()) {
        char c = sql[i];
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n' && sql[i] != '\r')
                ++i;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '"') {
            current.push_back({Token::Ident, quoted('"')});
        } else if (c == '\'') {
            current.push_back({Token::Literal, quoted('\'')});
        } else if (c == ';') {
            if (current.empty())
                throw std::runtime_error("empty statement in: " + sql);
            out.push_back(std::move(current));
            current.clear();
            ++i;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
            std::string w;
            while (i < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_'))
                w += sql[i++];
            current.push_back({Token::Word, w});
        } else if (c == '.' || c == '(' || c == ')' || c == ',') {
            current.push_back({Token::Punct, std::string(1, c)});
            ++i;
        } else {
            throw std::runtime_error(std::string("unexpected character '") + c + "' in: " + sql);
        }
    }
    if (!current.empty())
        throw std::runtime_error("statement without ';' at the end of: " + sql);
    return out;
}

// --- applying the statements to the facts ---------------------------------------------

class Apply {
  public:
    explicit Apply(CatalogBuilder& b) : b_(b) {}

    void script(const std::string& sql) {
        for (const auto& st : statements(sql))
            statement(st);
    }

  private:
    const std::vector<Token>* t_ = nullptr;
    std::size_t pos_ = 0;
    CatalogBuilder& b_;

    [[noreturn]] void fail(const std::string& why) const {
        std::string text;
        for (const auto& tok : *t_)
            text += (tok.kind == Token::Ident ? "\"" + tok.text + "\"" : tok.text) + " ";
        throw std::runtime_error(why + " in statement: " + text);
    }
    const Token& next() {
        if (pos_ >= t_->size())
            fail("unexpected end");
        return (*t_)[pos_++];
    }
    void expect(const std::string& word) {
        const Token& tok = next();
        if (tok.kind == Token::Ident || tok.text != word)
            fail("expected " + word + ", got " + tok.text);
    }
    bool accept(const std::string& word) {
        if (pos_ < t_->size() && (*t_)[pos_].kind != Token::Ident && (*t_)[pos_].text == word) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::string word() {
        const Token& tok = next();
        if (tok.kind != Token::Word)
            fail("expected a keyword");
        return tok.text;
    }
    std::string ident() {
        const Token& tok = next();
        if (tok.kind != Token::Ident)
            fail("expected a quoted identifier, got " + tok.text);
        return tok.text;
    }
    std::pair<std::string, std::string> qualified_name() {
        std::string s = ident();
        expect(".");
        return {s, ident()};
    }
    void end() {
        if (pos_ != t_->size())
            fail("trailing tokens");
    }
    Oid role(const std::string& name) {
        auto oid = b_.oid_of(name);
        if (!oid)
            fail("no role " + name);
        return *oid;
    }
    static AclMode bit(const std::string& keyword) {
        for (AclMode b = 1; b <= priv::kConnect; b <<= 1)
            if (privilege_keyword(b) == keyword)
                return b;
        throw std::runtime_error("unknown privilege " + keyword);
    }
    SchemaFacts& schema(const std::string& name) {
        Catalog& c = b_.raw();
        for (auto& s : c.schemas)
            if (s.name == name && s.exists)
                return s;
        for (auto& [oid, s] : c.other_schemas)
            if (s.name == name)
                return s;
        fail("no schema " + name);
    }
    TableFacts& table(const std::pair<std::string, std::string>& n) {
        for (auto& [oid, t] : b_.raw().tables)
            if (t.schema_name == n.first && t.name == n.second)
                return t;
        fail("no table " + n.first + "." + n.second);
    }
    SequenceFacts& sequence(const std::pair<std::string, std::string>& n) {
        for (auto& [oid, s] : b_.raw().sequences)
            if (s.schema_name == n.first && s.name == n.second)
                return s;
        fail("no sequence " + n.first + "." + n.second);
    }
    // aclnewowner: the old owner's items become the new owner's.
    void new_owner(Privileges& p, Oid owner) {
        for (auto& e : p.acl)
            if (e.grantee == p.owner)
                e.grantee = owner;
        p.owner = owner;
        p.owner_name = b_.name_of(owner);
    }

    void statement(const std::vector<Token>& tokens) {
        t_ = &tokens;
        pos_ = 0;
        std::string verb = word();
        if (verb == "GRANT")
            grant();
        else if (verb == "ALTER")
            alter();
        else if (verb == "CREATE")
            create();
        else
            fail("unknown statement");
    }

    void grant() {
        const AclMode priv = bit(word());
        std::optional<std::string> column;
        if (accept("(")) {
            column = ident();
            expect(")");
        }
        expect("ON");
        const std::string kind = word();
        Privileges* p = nullptr;
        if (kind == "DATABASE") {
            if (ident() != b_.raw().database.name)
                fail("wrong database");
            p = &b_.raw().database.priv;
        } else if (kind == "SCHEMA") {
            p = &schema(ident()).priv;
        } else if (kind == "TABLE") {
            TableFacts& t = table(qualified_name());
            p = &t.priv;
            if (column) {
                p = nullptr;
                for (auto& c : t.columns)
                    if (c.name == *column)
                        p = &c.priv;
                if (!p)
                    fail("no column " + *column);
            }
        } else if (kind == "SEQUENCE") {
            p = &sequence(qualified_name()).priv;
        } else if (kind == "FUNCTION") {
            auto n = qualified_name();
            expect("(");
            std::string args;
            while (!accept(")"))
                args += next().text + " ";
            for (auto& [oid, f] : b_.raw().functions)
                if (f.schema_name == n.first && f.name == n.second)
                    p = &f.priv;
            if (!p)
                fail("no function");
        } else if (kind == "TYPE") {
            auto n = qualified_name();
            for (auto& [oid, t] : b_.raw().types)
                if (t.schema_name == n.first && t.name == n.second)
                    p = &t.priv;
            if (!p)
                fail("no type");
        } else {
            fail("unknown object kind " + kind);
        }
        expect("TO");
        Oid grantee = role(ident());
        end();
        CatalogBuilder::grant(*p, grantee, priv);
    }

    void alter() {
        const std::string kind = word();
        if (kind == "ROLE") {
            if (role(ident()) != b_.raw().role.oid)
                fail("another role");
            const std::string attr = word();
            end();
            if (attr == "LOGIN")
                b_.login(true);
            else if (attr == "BYPASSRLS")
                b_.bypassrls();
            else
                fail("unknown attribute");
        } else if (kind == "TABLE") {
            TableFacts& t = table(qualified_name());
            expect("OWNER");
            expect("TO");
            Oid owner = role(ident());
            end();
            const Oid old_owner = t.priv.owner;
            new_owner(t.priv, owner);
            for (auto& c : t.columns) {
                c.priv.owner = owner;
                c.priv.owner_name = t.priv.owner_name;
            }
            // Sequences linked to its columns follow the table.
            for (auto& [oid, s] : b_.raw().sequences)
                if (s.owned_by_table == t.oid && s.priv.owner == old_owner)
                    new_owner(s.priv, owner);
        } else if (kind == "SEQUENCE") {
            SequenceFacts& s = sequence(qualified_name());
            expect("OWNER");
            expect("TO");
            Oid owner = role(ident());
            end();
            if (s.owned_by_table != kInvalidOid)
                fail("cannot change owner of sequence \"" + s.name +
                     "\": Sequence is linked to table");
            new_owner(s.priv, owner);
        } else {
            fail("unknown ALTER");
        }
    }

    void create() {
        const std::string kind = word();
        if (kind == "SCHEMA") {
            const std::string name = ident();
            expect("AUTHORIZATION");
            Oid owner = role(ident());
            end();
            for (auto& s : b_.raw().schemas)
                if (s.name == name && !s.exists) {
                    s.exists = true;
                    s.oid = b_.new_oid();
                    s.priv = b_.owned(owner, bits::kSchemaAll);
                    return;
                }
            fail("schema exists");
        } else if (kind == "POLICY") {
            PolicyFacts p;
            p.name = ident();
            expect("ON");
            TableFacts& t = table(qualified_name());
            expect("AS");
            p.permissive = word() == "PERMISSIVE";
            expect("FOR");
            const std::string cmd = word();
            p.command = cmd == "SELECT"   ? 'r'
                        : cmd == "INSERT" ? 'a'
                        : cmd == "UPDATE" ? 'w'
                        : cmd == "DELETE" ? 'd'
                                          : '*';
            expect("TO");
            p.applies = role(ident()) == b_.raw().role.oid;
            if (accept("USING")) {
                expect("(");
                expect("true");
                expect(")");
                p.using_expr = CatalogBuilder::constant_true();
            }
            if (accept("WITH")) {
                expect("CHECK");
                expect("(");
                expect("true");
                expect(")");
                p.check_expr = CatalogBuilder::constant_true();
            }
            end();
            for (const auto& other : t.policies)
                if (other.name == p.name)
                    fail("policy exists");
            t.policies.push_back(p);
        } else {
            fail("unknown CREATE");
        }
    }
};

// Checks, runs the fix script on the facts, checks again: must be ready.
void expect_script_makes_ready(CatalogBuilder& b, Job job, const JobOptions& o) {
    Rows before = with_fix_orders_checked(check(b.build(), job, o));
    ASSERT_FALSE(ready(before)) << "the scenario should start not ready";
    const std::string script = fix_script(before);
    // What preflight.ready and preflight.fix_script keep of the stream agrees.
    ReadySink verdict;
    check(b.build(), job, o, verdict);
    EXPECT_FALSE(verdict.ready);
    FixScript streamed;
    check(b.build(), job, o, streamed);
    EXPECT_EQ(streamed.text(), script);
    ASSERT_NO_THROW(Apply(b).script(script)) << script;
    Rows after = check(b.build(), job, o);
    EXPECT_TRUE(ready(after)) << "script:\n"
                              << script << "still missing:\n"
                              << describe(with_status(after, Status::Missing));
    EXPECT_EQ(fix_script(after), "");
    ReadySink now;
    check(b.build(), job, o, now);
    EXPECT_TRUE(now.ready);
}

// --- fix_script on hand-built rows ----------------------------------------------------

TEST(FixScript, EmptyWhenNothingIsMissing) {
    Row ok = missing("GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";");
    ok.status = Status::Ok;
    Row warn = missing("ALTER ROLE \"r\" BYPASSRLS;");
    warn.status = Status::Warning;
    EXPECT_EQ(fix_script({}), "");
    EXPECT_EQ(fix_script({ok, warn}), "");
    EXPECT_TRUE(ready({ok, warn}));
    EXPECT_TRUE(ready({}));
    EXPECT_FALSE(ready({ok, missing("x")}));
}

TEST(FixScript, OrdersStatementsSoTheyRunAsOneScript) {
    Rows rows;
    for (const char* fix : {
             "CREATE POLICY \"p\" ON \"s\".\"t\" AS PERMISSIVE FOR INSERT TO \"r\" WITH CHECK "
             "(true);",
             "GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";",
             "GRANT USAGE ON TYPE \"s\".\"ty\" TO \"r\";",
             "ALTER SEQUENCE \"s\".\"q\" OWNER TO \"r\";",
             "ALTER TABLE \"s\".\"t\" OWNER TO \"r\";",
             "GRANT CREATE ON SCHEMA \"s\" TO \"r\";",
             "GRANT USAGE ON SCHEMA \"s\" TO \"r\";",
             "CREATE SCHEMA \"n\" AUTHORIZATION \"r\";",
             "GRANT TEMPORARY ON DATABASE \"db\" TO \"r\";",
             "GRANT CREATE ON DATABASE \"db\" TO \"r\";",
             "GRANT CONNECT ON DATABASE \"db\" TO \"r\";",
             "ALTER ROLE \"r\" LOGIN;",
         })
        rows.push_back(missing(fix));
    EXPECT_EQ(fix_script(rows),
              "ALTER ROLE \"r\" LOGIN;\n"
              "GRANT CONNECT ON DATABASE \"db\" TO \"r\";\n"
              "GRANT CREATE ON DATABASE \"db\" TO \"r\";\n"
              "GRANT TEMPORARY ON DATABASE \"db\" TO \"r\";\n"
              "CREATE SCHEMA \"n\" AUTHORIZATION \"r\";\n"
              "GRANT USAGE ON SCHEMA \"s\" TO \"r\";\n"
              "GRANT CREATE ON SCHEMA \"s\" TO \"r\";\n"
              "ALTER TABLE \"s\".\"t\" OWNER TO \"r\";\n"
              "ALTER SEQUENCE \"s\".\"q\" OWNER TO \"r\";\n"
              "GRANT USAGE ON TYPE \"s\".\"ty\" TO \"r\";\n"
              "GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";\n"
              "CREATE POLICY \"p\" ON \"s\".\"t\" AS PERMISSIVE FOR INSERT TO \"r\" WITH CHECK "
              "(true);\n");
}

TEST(FixScript, KeepsTheRowOrderWithinARank) {
    Rows rows{missing("GRANT SELECT ON TABLE \"s\".\"b\" TO \"r\";"),
              missing("GRANT INSERT ON TABLE \"s\".\"a\" TO \"r\";"),
              missing("GRANT EXECUTE ON FUNCTION \"s\".\"f\"() TO \"r\";"),
              missing("GRANT SELECT (\"c\") ON TABLE \"s\".\"a\" TO \"r\";")};
    EXPECT_EQ(fix_script(rows), "GRANT SELECT ON TABLE \"s\".\"b\" TO \"r\";\n"
                                "GRANT INSERT ON TABLE \"s\".\"a\" TO \"r\";\n"
                                "GRANT EXECUTE ON FUNCTION \"s\".\"f\"() TO \"r\";\n"
                                "GRANT SELECT (\"c\") ON TABLE \"s\".\"a\" TO \"r\";\n");
}

TEST(FixScript, Deduplicates) {
    Rows rows{missing("GRANT USAGE ON SCHEMA \"s\" TO \"r\";"),
              missing("GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";"),
              missing("GRANT USAGE ON SCHEMA \"s\" TO \"r\";"),
              missing("GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";")};
    EXPECT_EQ(fix_script(rows), "GRANT USAGE ON SCHEMA \"s\" TO \"r\";\n"
                                "GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";\n");
}

TEST(FixScript, UnfixableRowsBecomeOneLineCommentsFirst) {
    Row a = missing("");
    a.fix.reset();
    a.detail = "Schema \"x\ny\" does not exist,\r\nso: -- nothing; DROP TABLE t;";
    Rows rows{missing("GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";"), a};
    const std::string script = fix_script(rows);
    EXPECT_EQ(script, "-- not fixable by a grant: Schema \"x y\" does not exist,  so: -- nothing; "
                      "DROP TABLE t;\n"
                      "GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";\n");
    // The comment hides everything after it on its line, so one statement remains.
    auto st = statements(script);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0][0].text, "GRANT");
}

TEST(FixScript, NewlinesInNamesStayInsideQuotedIdentifiers) {
    // A missing table in a schema named with a newline, in an absent schema
    // named with one (no fix: a comment), for a role named with one.
    CatalogBuilder b("line\nbreak");
    b.login(false);
    Oid s = b.schema("new\nline");
    b.table(s, "t\r\n; DROP TABLE x; --", {"c"});
    b.absent_schema("gone\n; DROP DATABASE db; --");
    Rows rows = check_source(b.build());
    const std::string script = fix_script(rows);
    EXPECT_EQ(script,
              "-- not fixable by a grant: Schema \"gone ; DROP DATABASE db; --\" does not exist, "
              "so there is nothing to read: check the name.\n"
              "ALTER ROLE \"line\nbreak\" LOGIN;\n"
              "GRANT USAGE ON SCHEMA \"new\nline\" TO \"line\nbreak\";\n"
              "GRANT SELECT ON TABLE \"new\nline\".\"t\r\n; DROP TABLE x; --\" TO "
              "\"line\nbreak\";\n");
    auto st = statements(script);
    ASSERT_EQ(st.size(), 3u);
    EXPECT_EQ(st[2].size(), 9u); // GRANT SELECT ON TABLE "s" . "t" TO "r"
    EXPECT_EQ(st[2][6].text, "t\r\n; DROP TABLE x; --");
}

TEST(FixScript, EndToEndOrderOfAMixedCheck) {
    CatalogBuilder b;
    b.login(false);
    Oid s = b.schema("dst");
    Oid t = b.table(s, "orders", {"id", "v"});
    b.serial(t, 1);
    b.enable_rls(t);
    Rows rows = check_destination(b.build(), JobOptions{.truncate = true});
    EXPECT_EQ(fix_script(rows),
              "ALTER ROLE \"loader\" LOGIN;\n"
              "GRANT USAGE ON SCHEMA \"dst\" TO \"loader\";\n"
              "ALTER TABLE \"dst\".\"orders\" OWNER TO \"loader\";\n"
              "GRANT TRUNCATE ON TABLE \"dst\".\"orders\" TO \"loader\";\n"
              "GRANT INSERT ON TABLE \"dst\".\"orders\" TO \"loader\";\n"
              "GRANT SELECT (\"id\") ON TABLE \"dst\".\"orders\" TO \"loader\";\n"
              "GRANT UPDATE ON SEQUENCE \"dst\".\"orders_id_seq\" TO \"loader\";\n"
              "CREATE POLICY \"preflight_insert_loader\" ON \"dst\".\"orders\" AS PERMISSIVE FOR "
              "INSERT TO \"loader\" WITH CHECK (true);\n");
}

// --- running the script makes the role ready -------------------------------------------

TEST(FixScriptRuns, SourceWithEverythingMissing) {
    CatalogBuilder b("reader \"one\"");
    b.login(false);
    CatalogBuilder::revoke(b.raw().database.priv, kPublicGrantee, priv::kConnect);
    Oid s = b.schema("sales");
    Oid t = b.table(s, "orders", {"id", "total"});
    b.grant_column(t, 1, kRole, priv::kSelect);
    Oid u = b.table(s, "items", {"id"});
    b.serial(u, 1);
    Oid other = b.schema("ids", kOwner, false);
    Oid q = b.sequence(other, "global", kOwner);
    b.uses_sequence(t, q, 2);
    expect_script_makes_ready(b, Job::Source, JobOptions{});
}

TEST(FixScriptRuns, DestinationWithEveryStep) {
    CatalogBuilder b;
    b.absent_schema("fresh");
    Oid s = b.schema("dst");
    Oid ref = b.schema("ref", kAdmins, false);
    Oid customers = b.table(ref, "customers", {"id"}, kOtherOwner, 'r', false);
    Oid orders = b.table(s, "orders", {"id", "customer_id", "total", "next_id"});
    b.table_facts(orders).primary_key = {1};
    b.serial(orders, 1);
    b.foreign_key(orders, customers, {2});
    b.foreign_key(orders, orders, {4});
    Oid lines = b.table(s, "lines", {"id", "order_id"}, kOwner, 'p');
    b.partition(lines, "lines_1");
    b.foreign_key(lines, orders, {2});
    b.table_facts(lines).primary_key = {1};
    Oid positive = b.function(s, "positive", "numeric", kOwner, false);
    b.table_facts(orders).check_funcs.push_back(positive);
    Oid ty = b.type(s, "money2", kOwner, false);
    (void)ty;
    Oid free_seq = b.sequence(s, "numbers", kOwner);
    b.uses_sequence(lines, free_seq, 1);
    b.enable_rls(lines);
    b.member_of(kReaders);
    b.grant(b.table_priv(lines), kReaders, priv::kInsert);
    JobOptions o;
    o.on_conflict = OnConflict::Update;
    o.truncate = true;
    o.truncate_cascade = true;
    o.create_schemas = true;
    o.init_tables = true;
    expect_script_makes_ready(b, Job::Destination, o);
}

TEST(FixScriptRuns, ColumnGrantsOnly) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Oid t = b.table(s, "t", {"id", "a", "b"});
    b.grant_column(t, 2, kRole, priv::kInsert | priv::kUpdate);
    b.table_facts(t).primary_key = {1};
    expect_script_makes_ready(b, Job::Destination, JobOptions{.on_conflict = OnConflict::Update});
}

TEST(FixScriptRuns, RestrictiveOnlyInsertPolicy) {
    // Regression (found by these tests): see
    // RlsWrite.RestrictiveOnlyPolicyFunctionIsNeededOnceThePolicyFixIsApplied. The script adds a
    // permissive INSERT policy, after which PostgreSQL calls the restrictive policy's function, on
    // which the role lacks EXECUTE: the role is still not ready (PostgreSQL 15: "permission denied
    // for function").
    CatalogBuilder b;
    Oid s = b.schema("s");
    b.grant(b.schema_priv(s), kRole, priv::kUsage);
    Oid t = b.table(s, "t", {"id"});
    b.grant(b.table_priv(t), kRole, priv::kInsert);
    b.enable_rls(t);
    Oid fn = b.function(s, "in_region", "integer", kOwner, false);
    CatalogBuilder::check_call(b.policy(t, "region", 'a', false), fn);
    expect_script_makes_ready(b, Job::Destination, JobOptions{});
}

} // namespace
} // namespace preflight

namespace preflight {
namespace {

// Thousands of fixes (the set grows many times), each twice: every one
// once, by rank, in the order first seen within a rank.
TEST(FixScript, ManyFixesKeepFirstSeenOrderWithinRank) {
    Rows rows;
    std::string grants, schemas;
    for (int i = 0; i < 3000; ++i) {
        const std::string g =
            "GRANT SELECT ON TABLE \"s\".\"t" + std::to_string(i) + "\" TO \"r\";";
        const std::string c = "CREATE SCHEMA \"s" + std::to_string(i) + "\" AUTHORIZATION \"r\";";
        rows.push_back(missing(g));
        rows.push_back(missing(c));
        grants += g + "\n";
        schemas += c + "\n";
    }
    const Rows once = rows;
    rows.insert(rows.end(), once.begin(), once.end());
    EXPECT_EQ(fix_script(rows), schemas + grants);
}

} // namespace
} // namespace preflight
