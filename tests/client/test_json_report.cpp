// --format json: the document's shape is an interface for CI.
#include "report/json_report.hpp"
#include "answer.hpp"
#include "connection_facts.hpp"
#include "rows.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;
using nlohmann::json;
using preflight::Job;
using preflight::Status;
using testing_client::make_row;

namespace {

pc::ConnectionFacts facts() {
    return testing_client::verified_tls_facts();
}

testing_client::Answer result() {
    testing_client::Answer r;
    r.role = "sync";
    r.used = "catalog";
    r.rows = {make_row("table", "s", "t", "INSERT", "write", Status::Missing,
                       "GRANT INSERT ON TABLE \"s\".\"t\" TO \"sync\";"),
              make_row("column", "s", "t", "UPDATE", "upsert", Status::Ok, std::nullopt, "c"),
              make_row("role", std::nullopt, "sync", "LOGIN", "connect", Status::Ok)};
    return r;
}

json document(const pc::CheckConfig& c) {
    // Through the text, as CI sees it.
    return json::parse(testing_client::json_of(facts(), "--url-env USER_DEFINED_X", c, result()));
}

std::vector<std::string> keys(const nlohmann::ordered_json& o) {
    std::vector<std::string> out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out.push_back(it.key());
    return out;
}

} // namespace

TEST(JsonReport, TopLevelKeysInOrder) {
    const auto d =
        nlohmann::ordered_json::parse(testing_client::json_of(facts(), "x", {}, result()));
    EXPECT_EQ(keys(d), (std::vector<std::string>{"connection", "tls", "role", "job", "options",
                                                 "rows", "verdict"}));
    EXPECT_EQ(d["role"], "sync");
    EXPECT_EQ(d["job"], "source");
}

TEST(JsonReport, ConnectionAndTls) {
    const json d = document({});
    EXPECT_EQ(d["connection"], json::parse(R"({
        "configured_by": "--url-env USER_DEFINED_X", "host": "db.example.com",
        "hostaddr": "10.0.0.5", "port": "5432", "database": "shop", "user": "sync",
        "session_user": "sync", "server_version": "15.4", "protocol_version": 3,
        "in_recovery": false})"));
    EXPECT_EQ(d["tls"], json::parse(R"({
        "in_use": true, "sslmode": "verify-full", "protocol": "TLSv1.3",
        "cipher": "TLS_AES_256_GCM_SHA384", "key_bits": "256", "library": "OpenSSL",
        "certificate_verified": true, "verified_name": "db.example.com",
        "server_certificate": {"subject": "CN=db.example.com", "issuer": "CN=Example CA"}})"));
}

TEST(JsonReport, NoTlsGivesNulls) {
    pc::ConnectionFacts f = facts();
    f.tls = {};
    f.tls.sslmode = "disable";
    f.hostaddr = "";
    const json d = json::parse(testing_client::json_of(f, "libpq environment", {}, result()));
    EXPECT_EQ(d["tls"]["in_use"], false);
    EXPECT_TRUE(d["tls"]["protocol"].is_null());
    EXPECT_TRUE(d["tls"]["verified_name"].is_null());
    EXPECT_TRUE(d["tls"]["server_certificate"].is_null());
    EXPECT_TRUE(d["connection"]["hostaddr"].is_null());
}

TEST(JsonReport, OptionsOfASourceAndADestinationJob) {
    EXPECT_EQ(document({})["options"],
              json::parse(R"({"schemas": null, "source": "auto", "read_sequences": false})"));
    pc::CheckConfig c;
    c.job = Job::Destination;
    c.schemas = std::vector<std::string>{"a", "b"};
    c.source = pc::Source::Catalog;
    c.options.truncate = true;
    c.options.on_conflict = preflight::OnConflict::Update;
    EXPECT_EQ(document(c)["options"], json::parse(R"({
        "schemas": ["a", "b"], "source": "catalog", "column_defaults": "copy",
        "on_conflict": "update",
        "update_foreign_keys": true, "truncate": true, "truncate_cascade": false,
        "reset_sequences": true, "create_schemas": false, "init_tables": false})"));
    EXPECT_EQ(document(c)["job"], "destination");
}

TEST(JsonReport, RowsHaveTheColumnsOfPreflightCheck) {
    const json rows = document({})["rows"];
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], json::parse(R"({
        "object_type": "table", "schema_name": "s", "object_name": "t", "column_name": null,
        "privilege": "INSERT", "needed_for": "write", "status": "missing", "via": null,
        "detail": "The role lacks INSERT.",
        "fix": "GRANT INSERT ON TABLE \"s\".\"t\" TO \"sync\";"})"));
    EXPECT_EQ(rows[1]["column_name"], "c");
    EXPECT_EQ(rows[1]["via"], "direct grant");
    EXPECT_EQ(rows[1]["status"], "ok");
    EXPECT_TRUE(rows[2]["schema_name"].is_null());
}

TEST(JsonReport, Verdict) {
    EXPECT_EQ(document({})["verdict"], json::parse(R"({
        "ready": false, "exit_status": 1, "missing": 1, "warnings": 0, "ok": 2,
        "checked_with": "catalog", "extension_version": null, "library_version": null,
        "version_note": null})"));
}

TEST(JsonReport, NamesAreExactButTheTextIsAsciiAndSafe) {
    testing_client::Answer r = result();
    r.rows[0].object_name = "t\x1b[2J\x7f\xc3\xa9\xff";
    const std::string text = testing_client::json_of(facts(), "x", {}, r);
    for (char c : text)
        EXPECT_TRUE((c >= 0x20 && c < 0x7f) || c == '\n') << int(static_cast<unsigned char>(c));
    EXPECT_NE(text.find(R"("object_name": "t\u001b[2J\u007f\u00e9\ufffd")"), std::string::npos)
        << text;
    // Parsed back: the exact name, with the invalid byte replaced.
    EXPECT_EQ(json::parse(text)["rows"][0]["object_name"], "t\x1b[2J\x7f\xc3\xa9\xef\xbf\xbd");
}
