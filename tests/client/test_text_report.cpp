// The report for a person: exact layout, stripped names, colour rules.
#include "config/environment.hpp"
#include "report/style.hpp"
#include "report/text_report.hpp"
#include "answer.hpp"
#include "connection_facts.hpp"
#include "rows.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace pc = preflight::client;
using preflight::Job;
using preflight::Rows;
using preflight::Status;
using testing_client::make_row;

namespace {

pc::ConnectionFacts facts() {
    return testing_client::verified_tls_facts();
}

testing_client::Answer result(Rows rows) {
    testing_client::Answer r;
    r.role = "sync";
    r.used = "extension";
    r.extension_version = "1.0";
    r.library_version = "1.0.0";
    r.rows = std::move(rows);
    return r;
}

std::string connection_text(const pc::ConnectionFacts& f, bool colour = false) {
    std::ostringstream out;
    pc::print_connection(out, f, "--url", pc::Style(colour));
    return out.str();
}

std::string result_text(const pc::CheckConfig& c, const testing_client::Answer& r,
                        bool colour = false) {
    std::ostringstream out;
    pc::print_result(out, c, r, pc::RowsView(r.rows), pc::Style(colour));
    return out.str();
}

} // namespace

TEST(TextReport, ConnectionBlockWithVerifiedTls) {
    EXPECT_EQ(connection_text(facts()),
              "Connection\n"
              "  server      PostgreSQL 15.4, protocol 3\n"
              "  host        db.example.com (10.0.0.5), port 5432\n"
              "  database    shop\n"
              "  user        sync\n"
              "  configured  --url\n"
              "  TLS         TLSv1.3, TLS_AES_256_GCM_SHA384 (256 bits), sslmode verify-full\n"
              "  certificate verified, issued for \"db.example.com\"\n"
              "  subject     CN=db.example.com, issuer CN=Example CA\n");
}

TEST(TextReport, ConnectionBlockWithoutTls) {
    pc::ConnectionFacts f = facts();
    f.tls = {};
    f.tls.sslmode = "prefer";
    f.host = "/var/run/postgresql";
    f.hostaddr = "";
    f.user = "postgres";
    EXPECT_EQ(connection_text(f), "Connection\n"
                                  "  server      PostgreSQL 15.4, protocol 3\n"
                                  "  host        /var/run/postgresql, port 5432\n"
                                  "  database    shop\n"
                                  "  user        sync (connected as postgres)\n"
                                  "  configured  --url\n"
                                  "  TLS         not in use (a Unix socket never uses TLS)\n");
    f.host = "localhost";
    EXPECT_NE(connection_text(f).find("  TLS         not in use (sslmode prefer)\n"),
              std::string::npos);
}

TEST(TextReport, UnverifiedCertificateSaysSo) {
    pc::ConnectionFacts f = facts();
    f.tls.sslmode = "require";
    f.tls.certificate_verified = false;
    f.tls.verified_name.reset();
    EXPECT_NE(connection_text(f).find("  certificate not verified: the server's identity is not "
                                      "checked (use --sslmode verify-full with --root-cert)\n"),
              std::string::npos);
    f.tls.certificate_verified = true;
    f.tls.sslmode = "verify-ca";
    EXPECT_NE(connection_text(f).find("  certificate verified (signed by a trusted CA; the host "
                                      "name was not checked: use --sslmode verify-full)\n"),
              std::string::npos);
}

TEST(TextReport, VerdictLines) {
    const Rows ready = {make_row("table", "s", "t", "SELECT", "read", Status::Ok),
                        make_row("table", "s", "t", "BYPASSRLS", "read", Status::Warning)};
    EXPECT_EQ(
        pc::verdict_line("sync", Job::Source, testing_client::verdict_of(ready), pc::Style(false)),
        "READY      role \"sync\" can run the source job (1 warning, 1 check ok)");
    const Rows not_ready = {make_row("table", "s", "t", "INSERT", "write", Status::Missing),
                            make_row("table", "s", "u", "INSERT", "write", Status::Missing),
                            make_row("table", "s", "v", "INSERT", "write", Status::Ok),
                            make_row("table", "s", "w", "INSERT", "write", Status::Ok)};
    EXPECT_EQ(pc::verdict_line("sync", Job::Destination, testing_client::verdict_of(not_ready),
                               pc::Style(false)),
              "NOT READY  role \"sync\" cannot run the destination job: 2 missing, 2 checks ok");
    EXPECT_EQ(pc::verdict_line("sync", Job::Destination, testing_client::verdict_of(not_ready),
                               pc::Style(true)),
              "\x1b[1;31mNOT READY\x1b[0m  role \"sync\" cannot run the destination job: 2 "
              "missing, 2 checks ok");
}

TEST(TextReport, WholeResultOfANotReadyDestination) {
    pc::CheckConfig c;
    c.job = Job::Destination;
    c.schemas = std::vector<std::string>{"sales"};
    const Rows rows = {
        make_row("role", std::nullopt, "sync", "LOGIN", "connect", Status::Ok),
        make_row("schema", "sales", "sales", "USAGE", "write", Status::Ok),
        make_row("table", "sales", "orders", "INSERT", "write", Status::Ok),
        make_row("column", "sales", "customers", "INSERT", "write", Status::Missing,
                 "GRANT INSERT (\"email\") ON TABLE \"sales\".\"customers\" TO \"sync\";", "email"),
        make_row("trigger", "sales", "orders.audit", "EXECUTE", "write", Status::Warning),
        make_row("sequence", "sales", "orders_id_seq", "OWNER", "reset sequences", Status::Missing,
                 "ALTER TABLE \"sales\".\"orders\" OWNER TO \"sync\";"),
    };
    EXPECT_EQ(result_text(c, result(rows)),
              "\n"
              "Check\n"
              "  job         destination, schema \"sales\"\n"
              "  checked by  the pg_preflight extension 1.0.0 in the server\n"
              "\n"
              "NOT READY  role \"sync\" cannot run the destination job: 2 missing, 1 warning, "
              "3 checks ok\n"
              "\n"
              "  schema  table                     read     write    truncate sequence\n"
              "  sales   orders                    -        warn     -        -\n"
              "  sales   customers                 -        MISSING  -        -\n"
              "  sales   orders_id_seq (sequence)  -        -        -        MISSING\n"
              "\n"
              "What is missing, and warnings\n"
              "\n"
              "  table \"sales\".\"customers\"\n"
              "    MISSING  INSERT on column \"email\" (write): The role lacks INSERT.\n"
              "             fix: GRANT INSERT (\"email\") ON TABLE \"sales\".\"customers\" TO "
              "\"sync\";\n"
              "\n"
              "  trigger \"sales\".\"orders.audit\"\n"
              "    warning  EXECUTE (write): The role lacks EXECUTE.\n"
              "\n"
              "  sequence \"sales\".\"orders_id_seq\"\n"
              "    MISSING  OWNER (reset sequences): The role lacks OWNER.\n"
              "             fix: ALTER TABLE \"sales\".\"orders\" OWNER TO \"sync\";\n");
}

TEST(TextReport, ReadyResultHasNoIssueSection) {
    pc::CheckConfig c;
    auto r = result({make_row("table", "s", "t", "SELECT", "read", Status::Ok)});
    r.used = "catalog";
    const std::string text = result_text(c, r);
    EXPECT_NE(text.find("  job         source, every schema\n"), std::string::npos);
    EXPECT_NE(text.find("  checked by  catalog queries (pg_preflight extension not used)\n"),
              std::string::npos);
    EXPECT_NE(text.find("READY      role \"sync\" can run the source job (1 check ok)\n"),
              std::string::npos);
    EXPECT_EQ(text.find("What is missing"), std::string::npos);
}

TEST(TextReport, VersionNoteIsShown) {
    pc::CheckConfig c;
    auto r = result({});
    r.version_note = "pg_preflight 1.0.0 does not match the server's library 1.1.0";
    EXPECT_NE(result_text(c, r).find(
                  "  note        pg_preflight 1.0.0 does not match the server's library 1.1.0\n"),
              std::string::npos);
}

TEST(TextReport, NamesFromTheDatabaseAreStripped) {
    pc::CheckConfig c;
    const std::string evil = "t\x1b[2J\x1b]0;pwned\x07\nFAKE READY\r";
    auto r = result({make_row("table", "s\x1b[31m", evil, "SELECT", "read", Status::Missing,
                              "GRANT SELECT ON TABLE \"s\".\"" + evil + "\" TO \"sync\";")});
    r.role = "sync\x1b[0m";
    pc::ConnectionFacts f = facts();
    f.database = "shop\x1b[5m";
    f.tls.subject = "CN=\x1b[1mevil";
    for (const bool colour : {false, true}) {
        const std::string text = result_text(c, r, colour) + connection_text(f, colour);
        EXPECT_EQ(text.find("\x1b[2J"), std::string::npos);
        EXPECT_EQ(text.find("\x1b]"), std::string::npos);
        EXPECT_EQ(text.find("\x1b[31m"), std::string::npos);
        EXPECT_EQ(text.find("\x1b[5m"), std::string::npos);
        EXPECT_EQ(text.find('\r'), std::string::npos);
        EXPECT_EQ(text.find("\nFAKE"), std::string::npos); // no forged line
        if (!colour) {
            EXPECT_EQ(text.find('\x1b'), std::string::npos);
        }
    }
    const std::string plain = result_text(c, r);
    EXPECT_NE(plain.find("table \"s\".\"tFAKE READY\""), std::string::npos) << plain;
    // The fix keeps the real name, escaped so it prints safely and still works.
    EXPECT_NE(plain.find("fix: GRANT SELECT ON TABLE \"s\".U&\"t\\001B[2J\\001B]0;pwned\\0007"
                         "\\000AFAKE READY\\000D\" TO \"sync\";"),
              std::string::npos)
        << plain;
}

TEST(Colour, OnlyOnATerminalAndNeverWithNoColor) {
    const auto none = pc::Environment::fixed({});
    EXPECT_TRUE(pc::colour_wanted(true, none));
    EXPECT_FALSE(pc::colour_wanted(false, none));
    EXPECT_FALSE(pc::colour_wanted(true, pc::Environment::fixed({{"NO_COLOR", "1"}})));
    EXPECT_FALSE(pc::colour_wanted(true, pc::Environment::fixed({{"NO_COLOR", ""}})));
    EXPECT_FALSE(pc::colour_wanted(true, pc::Environment::fixed({{"TERM", "dumb"}})));
    EXPECT_TRUE(pc::colour_wanted(true, pc::Environment::fixed({{"TERM", "xterm"}})));
}

TEST(Colour, StyleWrapsOnlyWhenOn) {
    EXPECT_EQ(pc::Style(false).bad("x"), "x");
    EXPECT_EQ(pc::Style(true).bad("x"), "\x1b[1;31mx\x1b[0m");
    EXPECT_EQ(pc::Style(true).good("x"), "\x1b[32mx\x1b[0m");
}
