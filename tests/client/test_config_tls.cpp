// TLS rules: sslmode values, certificate files, client certificate and key
// both or neither, a name to check for verify-full, --server-name.
#include "helpers.hpp"

#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using testing_client::config_of;
using testing_client::Invocation;
using testing_client::param;

namespace {

// A file with some content and the given mode, in the test's temporary directory.
std::string make_file(const std::string& name, mode_t mode = 0600) {
    const std::string path = ::testing::TempDir() + "pg_preflight_tls_" + name;
    std::ofstream(path) << "-----BEGIN TEST-----\n";
    ::chmod(path.c_str(), mode);
    return path;
}

} // namespace

TEST(SslMode, EverySslModeIsAccepted) {
    for (const std::string mode :
         {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}) {
        auto c = config_of({{"--host", "db.example.com", "--sslmode", mode}});
        EXPECT_EQ(param(c, "sslmode"), mode);
    }
}

TEST(SslMode, AnythingElseIsRefusedWithTheList) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--sslmode", "Require"}},
                        "--sslmode \"Require\" is not an SSL mode; hint: use disable, allow, "
                        "prefer, require, verify-ca or verify-full");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--sslmode", "verify_full"}},
                        "is not an SSL mode");
}

TEST(SslMode, PgsslmodeIsCheckedWhenItApplies) {
    EXPECT_CONFIG_ERROR((Invocation{{"--host", "h"}, {{"PGSSLMODE", "yes"}}}),
                        "PGSSLMODE \"yes\" is not an SSL mode");
    // An explicit sslmode overrides PGSSLMODE, so a bad one does not matter.
    auto c = config_of({{"--host", "h", "--sslmode", "require"}, {{"PGSSLMODE", "yes"}}});
    EXPECT_EQ(param(c, "sslmode"), "require");
}

TEST(SslMode, UrlAndOptionMustAgree) {
    EXPECT_CONFIG_ERROR(
        Invocation{{"--url", "postgresql://h/d?sslmode=require", "--sslmode", "verify-ca"}},
        "the URL sets sslmode=require but --sslmode says verify-ca");
    auto c = config_of({{"--url", "postgresql://h/d?sslMode=require", "--sslmode", "require"}});
    EXPECT_EQ(param(c, "sslmode"), "require");
}

TEST(SslMode, NotGivenIsLeftToLibpq) {
    EXPECT_EQ(param(config_of({{"--host", "h"}}), "sslmode"), "<unset>");
}

TEST(Certificates, FilesBecomeLibpqKeywords) {
    const std::string ca = make_file("ca.crt"), cert = make_file("c.crt"), key = make_file("c.key");
    auto c = config_of({{"--host", "h", "--sslmode", "verify-ca", "--root-cert", ca,
                         "--client-cert", cert, "--client-key", key}});
    EXPECT_EQ(param(c, "sslrootcert"), ca);
    EXPECT_EQ(param(c, "sslcert"), cert);
    EXPECT_EQ(param(c, "sslkey"), key);
}

TEST(Certificates, UnreadableFilesAreNamed) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--root-cert", "/nonexistent/ca.crt"}},
                        "--root-cert file \"/nonexistent/ca.crt\" cannot be read: No such file "
                        "or directory");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--root-cert", "/"}},
                        "--root-cert file \"/\" cannot be read: it is a directory");
    const std::string key = make_file("k1.key");
    EXPECT_CONFIG_ERROR(
        Invocation{{"--host", "h", "--client-cert", "/nonexistent/c.crt", "--client-key", key}},
        "--client-cert file \"/nonexistent/c.crt\" cannot be read");
    const std::string cert = make_file("c1.crt");
    EXPECT_CONFIG_ERROR(
        Invocation{{"--host", "h", "--client-cert", cert, "--client-key", "/nonexistent/c.key"}},
        "--client-key file \"/nonexistent/c.key\" cannot be read");
}

TEST(Certificates, FilesNamedInTheUrlAreCheckedToo) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://h/d?sslrootcert=/nonexistent/r.crt"}},
                        "file \"/nonexistent/r.crt\" cannot be read");
}

TEST(Certificates, ClientCertificateAndKeyBothOrNeither) {
    const std::string cert = make_file("c2.crt"), key = make_file("c2.key");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--client-cert", cert}},
                        "a client certificate was given without its key; hint: give both "
                        "--client-cert and --client-key (mutual TLS), or neither");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--client-key", key}},
                        "a client key was given without its certificate");
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "postgresql://h/d?sslcert=" + cert}},
                        "a client certificate was given without its key");
    // One in the URL, the other as an option: both are there.
    auto c = config_of({{"--url", "postgresql://h/d?sslcert=" + cert, "--client-key", key}});
    EXPECT_EQ(param(c, "sslkey"), key);
}

TEST(Certificates, KeyReadableByOthersIsRefusedAsLibpqWould) {
    const std::string cert = make_file("c3.crt"), key = make_file("c3.key", 0644);
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "h", "--client-cert", cert, "--client-key", key}},
                        "is refused by libpq: group or others can access it; run chmod 600");
}

// libpq checks an address host against the certificate's IP addresses
// (psql connects with verify-full to 127.0.0.1 when its certificate names
// IP:127.0.0.1): an address is a name to check, and is not refused.
TEST(VerifyFull, AnAddressIsCheckedAgainstTheCertificateLikePsqlDoes) {
    EXPECT_NO_THROW(config_of({{"--host", "10.0.0.5", "--sslmode", "verify-full"}}));
    EXPECT_NO_THROW(config_of({{"--host", "::1", "--sslmode", "verify-full"}}));
    EXPECT_NO_THROW(config_of({{"--url", "postgresql://10.0.0.5/d?sslmode=verify-full"}}));
    EXPECT_NO_THROW(config_of({{"--url", "host=10.0.0.5 hostaddr=10.0.0.5 sslmode=verify-full"}}));
}

// hostaddr without host: libpq compares the certificate with the default
// socket directory's path, and fails; refused before connecting.
TEST(VerifyFull, AHostaddrWithoutAHostHasNoNameToCheck) {
    EXPECT_CONFIG_ERROR(Invocation{{"--url", "hostaddr=10.0.0.5 sslmode=verify-full"}},
                        "sslmode verify-full checks the server's name, but only the address "
                        "\"10.0.0.5\" is configured (hostaddr, no host name); hint: pass "
                        "--server-name with the name in the server's certificate");
    EXPECT_NO_THROW(config_of({{"--url", "hostaddr=10.0.0.5 host=db.example.com "
                                         "sslmode=verify-full"}}));
    EXPECT_NO_THROW(config_of(
        {{"--url", "hostaddr=10.0.0.5 sslmode=verify-full", "--server-name", "db.example.com"}}));
}

TEST(VerifyFull, NeedsTcpNotASocket) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "/var/run/postgresql", "--sslmode", "verify-full"}},
                        "the Unix socket \"/var/run/postgresql\", which has no name and no TLS");
    EXPECT_CONFIG_ERROR(Invocation{{"--sslmode", "verify-full"}},
                        "the Unix socket in the default directory");
}

TEST(VerifyFull, SeesLibpqEnvironment) {
    EXPECT_CONFIG_ERROR((Invocation{{"--sslmode", "verify-full"}, {{"PGHOSTADDR", "192.168.1.1"}}}),
                        "only the address \"192.168.1.1\" is configured");
    EXPECT_CONFIG_ERROR((Invocation{{}, {{"PGSSLMODE", "verify-full"}, {"PGHOST", "/tmp"}}}),
                        "the Unix socket \"/tmp\"");
    // A name or an address in PGHOST is fine, as is a service file that may
    // name the host.
    EXPECT_NO_THROW(config_of({{}, {{"PGSSLMODE", "verify-full"}, {"PGHOST", "db.example.com"}}}));
    EXPECT_NO_THROW(config_of({{}, {{"PGSSLMODE", "verify-full"}, {"PGHOST", "192.168.1.1"}}}));
    EXPECT_NO_THROW(config_of({{"--sslmode", "verify-full"}, {{"PGSERVICE", "prod"}}}));
}

TEST(VerifyFull, EveryHostOfAListNeedsAName) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "a.example.com,/tmp", "--sslmode", "verify-full"}},
                        "the Unix socket \"/tmp\"");
    EXPECT_NO_THROW(
        config_of({{"--host", "a.example.com,b.example.com", "--sslmode", "verify-full"}}));
    EXPECT_NO_THROW(config_of({{"--host", "a.example.com,10.0.0.2", "--sslmode", "verify-full"}}));
}

TEST(VerifyFull, WithANameOrAServerNameIsAccepted) {
    auto c = config_of({{"--host", "db.example.com", "--sslmode", "verify-full"}});
    EXPECT_FALSE(c.connection.server_name.has_value());
    auto s = config_of(
        {{"--host", "10.0.0.5", "--sslmode", "verify-full", "--server-name", "db.example.com"}});
    ASSERT_TRUE(s.connection.server_name.has_value());
    EXPECT_EQ(s.connection.server_name->name, "db.example.com");
    EXPECT_EQ(s.connection.server_name->target, "10.0.0.5");
}

TEST(ServerName, TargetIsTheConfiguredHostOrAddress) {
    auto c = config_of({{"--host", "internal-lb", "--server-name", "db.example.com"}});
    EXPECT_EQ(c.connection.server_name->target, "internal-lb");
    auto a = config_of(
        {{"--url", "host=h hostaddr=10.1.1.1 sslmode=verify-full", "--server-name", "db.x"}});
    EXPECT_EQ(a.connection.server_name->target, "10.1.1.1");
    auto e = config_of({{"--server-name", "db.x"}, {{"PGHOST", "envhost"}}});
    EXPECT_EQ(e.connection.server_name->target, "envhost");
}

TEST(ServerName, RefusedForSocketsListsAndNoHost) {
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "/tmp", "--server-name", "db.x"}},
                        "--server-name applies to TCP connections, but \"/tmp\" is a Unix socket");
    EXPECT_CONFIG_ERROR(Invocation{{"--server-name", "db.x"}},
                        "--server-name needs a host to connect to, and none is configured");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "a,b", "--server-name", "db.x"}},
                        "--server-name works with one host");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "a", "--server-name", "x y"}},
                        "--server-name must be one host name");
    EXPECT_CONFIG_ERROR(Invocation{{"--host", "a", "--server-name", ""}},
                        "--server-name must be one host name");
}

TEST(ServerName, WithoutVerifyFullItWarns) {
    auto c = config_of({{"--host", "10.0.0.5", "--sslmode", "require", "--server-name", "db.x"}});
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_EQ(c.warnings[0], "--server-name is checked against the certificate only with sslmode "
                             "verify-full (sslmode is require); without it the name is only sent "
                             "to the server (SNI)");
    EXPECT_TRUE(
        config_of({{"--host", "10.0.0.5", "--sslmode", "verify-full", "--server-name", "db.x"}})
            .warnings.empty());
}
