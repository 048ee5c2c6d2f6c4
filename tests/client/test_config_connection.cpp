// The connection doc's three ways to say where to connect, and libpq's
// environment when none is given. No network: validation only.
#include "helpers.hpp"

#include "../../core/version.hpp"

using testing_client::config_of;
using testing_client::failure_of;
using testing_client::Invocation;
using testing_client::param;

namespace {

std::vector<std::pair<std::string, std::string>> pairs(const preflight::client::Config& c) {
    return c.connection.params.pairs();
}

} // namespace

TEST(Url, UriIsParsedIntoLibpqKeywords) {
    auto c = config_of({{"--url", "postgresql://alice@db.example.com:6432/shop?sslmode=require"}});
    EXPECT_EQ(param(c, "host"), "db.example.com");
    EXPECT_EQ(param(c, "port"), "6432");
    EXPECT_EQ(param(c, "user"), "alice");
    EXPECT_EQ(param(c, "dbname"), "shop");
    EXPECT_EQ(param(c, "sslmode"), "require");
    EXPECT_EQ(param(c, "password"), "<unset>");
    EXPECT_EQ(c.connection.origin, "--url");
}

TEST(Url, PostgresSchemeWorksToo) {
    auto c = config_of({{"--url", "postgres://h/d"}});
    EXPECT_EQ(param(c, "host"), "h");
    EXPECT_EQ(param(c, "dbname"), "d");
}

TEST(Url, KeyValueStringIsAccepted) {
    auto c = config_of({{"--url", "host=h port=5433 dbname='my db' user=u"}});
    EXPECT_EQ(param(c, "host"), "h");
    EXPECT_EQ(param(c, "port"), "5433");
    EXPECT_EQ(param(c, "dbname"), "my db");
}

TEST(Url, OnlyWhatTheUrlSaysIsSetSoLibpqEnvironmentFillsTheRest) {
    auto c = config_of({{"--url", "postgresql://h"}, {{"PGUSER", "envuser"}}});
    // Nothing but host, our defaults and no user: libpq reads PGUSER itself.
    std::vector<std::pair<std::string, std::string>> expected = {
        {"host", "h"},
        {"connect_timeout", "10"},
        {"keepalives_idle", "30"},
        {"keepalives_interval", "10"},
        {"keepalives_count", "3"},
        {"client_encoding", "UTF8"},
        {"fallback_application_name", "pg_preflight"}};
    EXPECT_EQ(pairs(c), expected);
}

TEST(Url, CamelCaseSslModeIsNormalised) {
    auto c = config_of({{"--url", "postgresql://h/d?sslMode=verify-ca&application_name=x"}});
    EXPECT_EQ(param(c, "sslmode"), "verify-ca");
    EXPECT_EQ(param(c, "application_name"), "x");
}

TEST(Url, SslModeValueIsChecked) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://h/d?sslmode=verify"}},
                        "the URL's sslmode \"verify\" is not an SSL mode");
}

TEST(Url, OtherSchemesAreRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "mysql://u@h/d"}},
                        "the scheme \"mysql\" is not PostgreSQL's");
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "POSTGRES://h/d"}}, "write the scheme in lower case");
}

TEST(Url, GarbageIsRefusedWithLibpqsReason) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "shop"}},
                        "--url is not a valid connection string: missing \"=\" after \"shop\"");
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "host=h nosuchoption=1"}},
                        "invalid connection option");
    EXPECT_CONFIG_ERROR(Invocation{{"--url", ""}}, "--url is empty");
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://h/d?pool_max_conns=4"}},
                        "invalid URI query parameter: \"pool_max_conns\"");
}

TEST(Url, BadPortIsRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://h:99999/d"}},
                        "the URL's port \"99999\" is not a port number");
}

TEST(Url, UnencodedAtOrSlashInThePasswordIsRefused) {
    // libpq would read "p/w" as host "u" and port "p".
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://u:p/w@h/d"}}, "unencoded \"/\"");
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://u:p@w@h/d"}}, "unencoded \"@\"");
}

TEST(Url, PasswordOnTheCommandLineWorksButWarns) {
    auto c = config_of({{"--url", "postgresql://u:s3cret@h/d"}});
    EXPECT_EQ(param(c, "password"), "s3cret");
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("process list"), std::string::npos);
    EXPECT_EQ(c.warnings[0].find("s3cret"), std::string::npos);
}

TEST(UrlEnv, ReadsTheUrlFromAUserDefinedVariable) {
    auto c = config_of({{"--url-env", "USER_DEFINED_SHOP"},
                        {{"USER_DEFINED_SHOP", "postgresql://u:pw@h:5433/shop"}}});
    EXPECT_EQ(param(c, "host"), "h");
    EXPECT_EQ(param(c, "port"), "5433");
    EXPECT_EQ(param(c, "password"), "pw");
    EXPECT_TRUE(c.warnings.empty()); // not on the command line
    EXPECT_EQ(c.connection.origin, "--url-env USER_DEFINED_SHOP");
}

TEST(UrlEnv, NamesWithoutThePrefixAreRefusedSayingWhy) {
    const std::map<std::string, std::string> env = {{"DATABASE_URL", "postgresql://h/d"},
                                                    {"PGPASSWORD", "x"}};
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "DATABASE_URL"}, env}),
                        "--url-env DATABASE_URL is refused: only variables whose names begin "
                        "with USER_DEFINED_ are read");
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "PGPASSWORD"}, env}), "is refused");
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "user_defined_x"}, env}), "is refused");
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "USER_DEFINED_"}, env}), "is refused");
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "XUSER_DEFINED_A"}, env}), "is refused");
}

TEST(UrlEnv, TheVariableMustExist) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url-env", "USER_DEFINED_NOPE"}},
                        "environment variable USER_DEFINED_NOPE is not set");
}

TEST(UrlEnv, TheVariableMustHoldAUrl) {
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "USER_DEFINED_A"}, {{"USER_DEFINED_A", ""}}}),
                        "environment variable USER_DEFINED_A is empty");
    // A key=value string is a connection string but not a URL: the doc asks for a URL.
    EXPECT_CONFIG_ERROR(
        (Invocation{{"--url-env", "USER_DEFINED_A"}, {{"USER_DEFINED_A", "host=h"}}}),
        "does not hold a PostgreSQL URL");
    const auto f = failure_of({{"--url-env", "USER_DEFINED_A"}, {{"USER_DEFINED_A", "tops3cret"}}});
    EXPECT_TRUE(f.failed);
    EXPECT_EQ(f.message.find("tops3cret"), std::string::npos) << f.message;
}

TEST(UrlEnv, UrlAndUrlEnvTogetherAreRefused) {
    EXPECT_CONFIG_ERROR((Invocation{{"--url", "postgresql://h", "--url-env", "USER_DEFINED_A"},
                                    {{"USER_DEFINED_A", "postgresql://h"}}}),
                        "--url and --url-env both say where to connect");
}

TEST(Discrete, ParametersBecomeAUri) {
    auto c = config_of({{"--host", "db.example.com", "--port", "6543", "--dbname", "shop",
                         "--username", "sync", "--password-stdin"},
                        {},
                        "pw"});
    EXPECT_EQ(param(c, "host"), "db.example.com");
    EXPECT_EQ(param(c, "port"), "6543");
    EXPECT_EQ(param(c, "dbname"), "shop");
    EXPECT_EQ(param(c, "user"), "sync");
    EXPECT_EQ(param(c, "password"), "pw");
    EXPECT_EQ(c.connection.origin, "--host/--port/--dbname/--username");
}

TEST(Discrete, PortIsLeftToLibpqWhenNotGivenSoPgportWorks) {
    auto c = config_of({{"--host", "h"}, {{"PGPORT", "6000"}}});
    EXPECT_EQ(param(c, "port"), "<unset>"); // libpq: PGPORT, else 5432
}

TEST(Discrete, PortMustBeANumberInRange) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--port", "0"}},
                        "--port \"0\" is not a port number");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--port", "65536"}}, "is not a port number");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--port", "54a"}}, "is not a port number");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--port", ""}}, "is not a port number");
    EXPECT_EQ(param(config_of({{"--host", "h", "--port", "65535"}}), "port"), "65535");
    EXPECT_EQ(param(config_of({{"--host", "h", "--port", "1"}}), "port"), "1");
}

TEST(Discrete, EmptyValuesAreRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", ""}}, "--host is empty");
    EXPECT_CONFIG_ERROR(Invocation{{"--dbname", ""}}, "--dbname is empty");
    EXPECT_CONFIG_ERROR(Invocation{{"--username", ""}}, "--username is empty");
}

// Found by tests/fuzz: "[]" became no host at all in the built URI, so
// libpq connected to its default host instead.
TEST(Discrete, EmptyBracketsAreRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "[]"}}, "--host holds empty brackets");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h1,[]"}}, "--host holds empty brackets");
    EXPECT_EQ(param(config_of({{"--host", "[::1]"}}), "host"), "::1");
}

TEST(Discrete, MixingWithAUrlIsRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://h", "--port", "5"}},
                        "--url and --port both say where to connect");
    EXPECT_CONFIG_ERROR((Invocation{{"--url-env", "USER_DEFINED_A", "--host", "h"},
                                    {{"USER_DEFINED_A", "postgresql://h"}}}),
                        "--url-env and --host both say where to connect");
}

TEST(PasswordStdin, ReadsOneLineAndDropsACarriageReturn) {
    auto c = config_of({{"--host", "h", "--password-stdin"}, {}, "p w\r"});
    EXPECT_EQ(param(c, "password"), "p w");
}

TEST(PasswordStdin, NoLineOrAnEmptyLineIsRefused) {
    EXPECT_CONFIG_ERROR((Invocation{{"--host", "h", "--password-stdin"}, {}, std::nullopt}),
                        "--password-stdin found no line on standard input");
    EXPECT_CONFIG_ERROR((Invocation{{"--host", "h", "--password-stdin"}, {}, ""}),
                        "--password-stdin read an empty line");
}

TEST(PasswordStdin, WorksWithAUrlWithoutPassword) {
    auto c = config_of({{"--url", "postgresql://u@h/d", "--password-stdin"}, {}, "pw"});
    EXPECT_EQ(param(c, "password"), "pw");
    EXPECT_EQ(param(c, "user"), "u");
}

TEST(PasswordStdin, WithLibpqEnvironmentOnly) {
    auto c = config_of({{"--password-stdin"}, {{"PGHOST", "h"}}, "pw"});
    EXPECT_EQ(param(c, "password"), "pw");
    EXPECT_EQ(param(c, "host"), "<unset>");
    EXPECT_EQ(c.connection.origin, "libpq environment");
}

TEST(PasswordStdin, TwoPasswordsAreRefused) {
    EXPECT_CONFIG_ERROR(
        (Invocation{{"--url", "postgresql://u:a@h/d", "--password-stdin"}, {}, "b"}),
        "the URL holds a password too");
}

TEST(Password, OnTheCommandLineIsRefusedWithoutReadingIt) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--password", "hunter2"}},
                        "--password is not accepted");
    const auto f = failure_of({{"--host", "h", "--password", "hunter2"}});
    EXPECT_EQ(f.message.find("hunter2"), std::string::npos);
}

TEST(Environment, NoOptionLeavesEverythingToLibpq) {
    auto c = config_of({{}, {{"PGHOST", "envhost"}, {"PGSERVICE", "svc"}}});
    std::vector<std::pair<std::string, std::string>> expected = {
        {"connect_timeout", "10"},     {"keepalives_idle", "30"},
        {"keepalives_interval", "10"}, {"keepalives_count", "3"},
        {"client_encoding", "UTF8"},   {"fallback_application_name", "pg_preflight"}};
    EXPECT_EQ(pairs(c), expected);
    EXPECT_EQ(c.connection.origin, "libpq environment");
}

TEST(Environment, BadPgportIsAConfigurationError) {
    EXPECT_CONFIG_ERROR((Invocation{{}, {{"PGPORT", "x"}}}), "PGPORT \"x\" is not a port number");
}

TEST(ConnectTimeout, DefaultsToTenSeconds) {
    EXPECT_EQ(param(config_of({{"--host", "h"}}), "connect_timeout"), "10");
}

TEST(Keepalives, DefaultsDetectAVanishedPeerUnlessTheUrlSetsThem) {
    EXPECT_EQ(param(config_of({{"--host", "h"}}), "keepalives_idle"), "30");
    EXPECT_EQ(param(config_of({{"--host", "h"}}), "keepalives_count"), "3");
    auto c = config_of({{"--url", "postgresql://h?keepalives_idle=300&keepalives_count=9"}});
    EXPECT_EQ(param(c, "keepalives_idle"), "300");
    EXPECT_EQ(param(c, "keepalives_count"), "9");
    EXPECT_EQ(param(c, "keepalives_interval"), "10");
}

TEST(ConnectTimeout, OptionWinsThenUrlThenEnvironment) {
    EXPECT_EQ(param(config_of({{"--host", "h", "--connect-timeout", "3"}}), "connect_timeout"),
              "3");
    EXPECT_EQ(param(config_of({{"--url", "postgresql://h?connect_timeout=7"}}), "connect_timeout"),
              "7");
    EXPECT_EQ(
        param(config_of({{"--url", "postgresql://h?connect_timeout=7", "--connect-timeout", "2"}}),
              "connect_timeout"),
        "2");
    // PGCONNECT_TIMEOUT is libpq's to read: nothing is set over it.
    EXPECT_EQ(param(config_of({{"--host", "h"}, {{"PGCONNECT_TIMEOUT", "30"}}}), "connect_timeout"),
              "<unset>");
}

TEST(ConnectTimeout, MustBeWholeSeconds) {
    EXPECT_CONFIG_ERROR(Invocation{{"--connect-timeout", "1.5"}},
                        "--connect-timeout \"1.5\" is not a number of seconds");
    EXPECT_CONFIG_ERROR(Invocation{{"--connect-timeout", "-1"}}, "is not a number of seconds");
}

TEST(CommandLine, UnexpectedArgumentsAreNamedButValuesAreNot) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "stray"}}, "unexpected arguments: (a value)");
    EXPECT_CONFIG_ERROR(Invocation{{"--passwrod=hunter2"}}, "unexpected arguments: --passwrod;");
    const auto f = failure_of({{"--passwrod=hunter2", "hunter3"}});
    EXPECT_EQ(f.message.find("hunter"), std::string::npos) << f.message;
}

TEST(CommandLine, FlagsRefuseAValueWithoutQuotingIt) {
    const auto f = failure_of({{"--password-stdin=hunter2"}});
    EXPECT_TRUE(f.failed);
    EXPECT_EQ(f.message.find("hunter2"), std::string::npos) << f.message;
    EXPECT_NE(f.message.find("password-stdin"), std::string::npos) << f.message;
}

TEST(CommandLine, AnOptionGivenTwiceIsRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "a", "--host", "b"}}, "--host");
}

TEST(CommandLine, HelpAndVersion) {
    auto help = preflight::client::parse_command_line({"--help"});
    EXPECT_EQ(help.action, preflight::client::CommandLine::Action::Help);
    EXPECT_NE(help.text.find("--url-env NAME"), std::string::npos);
    EXPECT_NE(help.text.find("Exit status: 0 ready"), std::string::npos);
    EXPECT_EQ(help.text.find("--password "), std::string::npos); // the hidden refusal
    auto version = preflight::client::parse_command_line({"--version"});
    EXPECT_EQ(version.action, preflight::client::CommandLine::Action::Version);
    EXPECT_EQ(version.text, std::string("pg_preflight ") + preflight::kVersion + "\n");
}

TEST(ClientEncoding, Utf8UnlessTheUrlOrPgclientencodingSays) {
    EXPECT_EQ(param(config_of({{"--host", "h"}}), "client_encoding"), "UTF8");
    EXPECT_EQ(
        param(config_of({{"--url", "postgresql://h?client_encoding=LATIN1"}}), "client_encoding"),
        "LATIN1");
    EXPECT_EQ(
        param(config_of({{"--host", "h"}, {{"PGCLIENTENCODING", "LATIN1"}}}), "client_encoding"),
        "<unset>");
}
