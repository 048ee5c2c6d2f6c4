// Discrete parameters -> URI: whatever a person types for user, password,
// host or database must come out of libpq's own parser exactly as typed.
#include "config/uri.hpp"
#include "helpers.hpp"

#include <libpq-fe.h>

#include <map>
#include <memory>

namespace pc = preflight::client;
using testing_client::config_of;
using testing_client::param;

namespace {

// What libpq's parser makes of a connection string: keyword -> value.
std::map<std::string, std::string> libpq_parse(const std::string& conninfo) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> o(
        PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
    if (!o) {
        ADD_FAILURE() << "libpq refused " << conninfo << ": " << (error ? error : "");
        PQfreemem(error);
        return {};
    }
    std::map<std::string, std::string> out;
    for (auto* p = o.get(); p->keyword; ++p)
        if (p->val)
            out[p->keyword] = p->val;
    return out;
}

const std::vector<std::string> kHostile = {
    "@",
    ":",
    "/",
    "?",
    "#",
    "%",
    " ",
    "'",
    "\"",
    "\\",
    "p@ss:w/rd?x#y%z 'q\"\\",
    "%41",     // looks encoded: must stay literal
    "%zz",     // invalid escape
    "a&b=c",   // query syntax
    "[::1]",   // IPv6 syntax
    "x,y",     // list syntax
    "+plus+",  // form encoding
    "ünïcødé", // UTF-8
    "tab\there",
    "end\\",
    "sp ace ",
    std::string("\x01\x7f", 2),
};

} // namespace

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(pc::percent_encode("aZ09-._~"), "aZ09-._~");
    EXPECT_EQ(pc::percent_encode("@:/?#% '\"\\"), "%40%3A%2F%3F%23%25%20%27%22%5C");
    EXPECT_EQ(pc::percent_encode("é"), "%C3%A9");
    EXPECT_EQ(pc::percent_encode(""), "");
}

TEST(PercentDecode, UndoesEncodingAndKeepsBadEscapes) {
    EXPECT_EQ(pc::percent_decode("%40%3a%zz%4"), "@:%zz%4");
}

TEST(BuildUri, LayoutOfEveryPart) {
    pc::DiscreteParts p;
    p.host = "db.example.com";
    p.port = "5432";
    p.dbname = "shop";
    p.user = "sync";
    p.password = "pw";
    EXPECT_EQ(pc::build_uri(p), "postgresql://sync:pw@db.example.com:5432/shop");
    EXPECT_EQ(pc::build_uri({}), "postgresql://");
    pc::DiscreteParts only_port;
    only_port.port = "6000";
    EXPECT_EQ(pc::build_uri(only_port), "postgresql://:6000");
}

TEST(BuildUri, HostilePasswordsSurviveLibpqExactly) {
    for (const auto& pw : kHostile) {
        pc::DiscreteParts p;
        p.host = "h";
        p.user = "u";
        p.password = pw;
        const auto parsed = libpq_parse(pc::build_uri(p));
        EXPECT_EQ(parsed.count("password"), 1u) << pw;
        if (parsed.count("password")) {
            EXPECT_EQ(parsed.at("password"), pw) << "uri: " << pc::build_uri(p);
        }
        EXPECT_EQ(parsed.count("host") ? parsed.at("host") : "", "h") << pw;
        EXPECT_EQ(parsed.count("user") ? parsed.at("user") : "", "u") << pw;
    }
}

TEST(BuildUri, HostileUserAndDatabaseSurviveToo) {
    for (const auto& s : kHostile) {
        pc::DiscreteParts p;
        p.host = "h";
        p.user = s;
        p.dbname = s;
        const auto parsed = libpq_parse(pc::build_uri(p));
        EXPECT_EQ(parsed.count("user") ? parsed.at("user") : "<none>", s);
        EXPECT_EQ(parsed.count("dbname") ? parsed.at("dbname") : "<none>", s);
    }
}

TEST(BuildUri, HostilePasswordsSurviveTheWholeValidation) {
    for (const auto& pw : kHostile) {
        auto c = config_of({{"--host", "h", "--username", "u", "--password-stdin"}, {}, pw});
        EXPECT_EQ(param(c, "password"), pw);
    }
}

TEST(BuildUri, Ipv6HostsAreBracketed) {
    EXPECT_EQ(pc::uri_host("::1"), "[::1]");
    EXPECT_EQ(pc::uri_host("[::1]"), "[::1]");
    EXPECT_EQ(pc::uri_host("2001:db8::5"), "[2001:db8::5]");
    EXPECT_EQ(pc::uri_host("fe80::1%eth0"), "[fe80::1%25eth0]");
    EXPECT_EQ(pc::uri_host("10.0.0.1"), "10.0.0.1");
    EXPECT_EQ(pc::uri_host("db.example.com"), "db.example.com");
}

TEST(BuildUri, Ipv6HostsParseBackWithTheirPort) {
    for (const std::string host : {"::1", "2001:db8::5", "fe80::1%eth0", "::ffff:10.0.0.1"}) {
        pc::DiscreteParts p;
        p.host = host;
        p.port = "5433";
        const auto parsed = libpq_parse(pc::build_uri(p));
        EXPECT_EQ(parsed.count("host") ? parsed.at("host") : "", host);
        EXPECT_EQ(parsed.count("port") ? parsed.at("port") : "", "5433");
    }
}

TEST(BuildUri, SocketDirectoriesAreEncoded) {
    pc::DiscreteParts p;
    p.host = "/var/run/postgresql";
    p.dbname = "d";
    EXPECT_EQ(pc::build_uri(p), "postgresql://%2Fvar%2Frun%2Fpostgresql/d");
    EXPECT_EQ(libpq_parse(pc::build_uri(p)).at("host"), "/var/run/postgresql");
}

TEST(BuildUri, HostListsGetThePortEach) {
    pc::DiscreteParts p;
    p.host = "a,::1,b";
    p.port = "6000";
    EXPECT_EQ(pc::build_uri(p), "postgresql://a:6000,[::1]:6000,b:6000");
    const auto parsed = libpq_parse(pc::build_uri(p));
    EXPECT_EQ(parsed.at("host"), "a,::1,b");
    EXPECT_EQ(parsed.at("port"), "6000,6000,6000");
}

TEST(BuildUri, Ipv6ThroughTheCommandLine) {
    auto c = config_of({{"--host", "::1", "--port", "5433", "--dbname", "d"}});
    EXPECT_EQ(param(c, "host"), "::1");
    EXPECT_EQ(param(c, "port"), "5433");
}
