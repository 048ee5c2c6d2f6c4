// Small pieces: connection hints, TLS verification facts, progress, fix output.
#include "common/server_failure.hpp"
#include "connection/connect_hint.hpp"
#include "connection/facts.hpp"
#include "config/host.hpp"
#include "report/fix_output.hpp"
#include "report/progress.hpp"
#include "rows.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace pc = preflight::client;
using preflight::Status;
using testing_client::make_row;

TEST(ConnectHint, KnownCausesGetTheirAdvice) {
    EXPECT_EQ(pc::connect_hint("connection to server at \"h\" (1.2.3.4), port 5432 failed: FATAL: "
                               "password authentication failed for user \"u\""),
              "check the user and password (--password-stdin, PGPASSWORD or ~/.pgpass)");
    EXPECT_EQ(pc::connect_hint("server certificate for \"a\" does not match host name \"b\""),
              "the certificate names another host: pass --server-name with the name it was "
              "issued for");
    EXPECT_EQ(pc::connect_hint("failed: Connection refused; Is the server running"),
              "check the host and port, and that the server accepts TCP/IP");
    EXPECT_EQ(pc::connect_hint("timeout expired"),
              "check the host, port and firewall, or raise --connect-timeout");
    EXPECT_EQ(pc::connect_hint("FATAL:  pg_hba.conf rejects connection for host \"h\""),
              "the server's pg_hba.conf rejects this user, database, address and TLS "
              "combination: ask its administrator, or try another --sslmode");
    EXPECT_EQ(pc::connect_hint("something new"),
              "check the connection settings (see pg_preflight --help)");
}

// Client certificates, as libpq reports them (PostgreSQL 15, the TLS matrix
// of tests/tls): the hint names the certificate, not another --sslmode.
TEST(ConnectHint, ClientCertificateCausesComeBeforePgHba) {
    const std::string required =
        "the server requires a client certificate: pass --client-cert and --client-key, issued "
        "to the user by a CA the server trusts";
    const std::string untrusted =
        "the server did not accept the client certificate: it was not issued by a CA the server "
        "trusts (its ssl_ca_file); pass one that is with --client-cert and --client-key";
    EXPECT_EQ(pc::connect_hint("connection to server at \"h\", port 5432 failed: FATAL:  "
                               "connection requires a valid client certificate"),
              required);
    // prefer: TLS without a certificate, then a plaintext attempt pg_hba refuses.
    EXPECT_EQ(pc::connect_hint("failed: FATAL:  connection requires a valid client certificate; "
                               "failed: FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", "
                               "user \"u\", database \"d\", no encryption"),
              required);
    // allow: plaintext first, then TLS with a certificate the server rejects.
    EXPECT_EQ(pc::connect_hint("failed: FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", "
                               "user \"u\", database \"d\", no encryption; failed: SSL error: "
                               "tlsv1 alert unknown ca"),
              untrusted);
    EXPECT_EQ(pc::connect_hint("FATAL:  certificate authentication failed for user \"u\""),
              "the client certificate's name (CN) is not the user's: use a certificate issued "
              "to this user, or connect as the user it names");
    EXPECT_EQ(pc::connect_hint("FATAL:  certificate validation (clientcert=verify-full) failed "
                               "for user \"u\": CN mismatch"),
              "the client certificate's name (CN) is not the user's: use a certificate issued "
              "to this user, or connect as the user it names");
}

TEST(CheckFailureHint, RoleAndExtension) {
    EXPECT_EQ(pc::check_failure_hint("role \"x\" does not exist"),
              "check --role: it must name an existing role");
    EXPECT_EQ(pc::check_failure_hint("the pg_preflight extension is not installed in database"),
              "install the extension, or use --source catalog");
}

TEST(Verification, OnlyWhatLibpqAskedOpenSslForCounts) {
    // verify-full: chain and name.
    auto v = pc::verification(true, true, true, "verify-full", "db.example.com");
    EXPECT_TRUE(v.certificate_verified);
    EXPECT_EQ(v.verified_name.value_or(""), "db.example.com");
    // verify-ca, or require with a root certificate: chain only.
    v = pc::verification(true, true, true, "verify-ca", "db.example.com");
    EXPECT_TRUE(v.certificate_verified);
    EXPECT_FALSE(v.verified_name.has_value());
    v = pc::verification(true, true, true, "require", "db.example.com");
    EXPECT_TRUE(v.certificate_verified);
    EXPECT_FALSE(v.verified_name.has_value());
    // require without a root certificate: OpenSSL was told not to verify.
    v = pc::verification(true, false, false, "require", "db.example.com");
    EXPECT_FALSE(v.certificate_verified);
    // No TLS: nothing verified, whatever was asked.
    v = pc::verification(false, false, false, "prefer", "h");
    EXPECT_FALSE(v.certificate_verified);
    EXPECT_FALSE(v.verified_name.has_value());
}

TEST(HostKind, SocketsAddressesAndNames) {
    EXPECT_EQ(pc::host_kind(""), pc::HostKind::Socket);
    EXPECT_EQ(pc::host_kind("/tmp"), pc::HostKind::Socket);
    EXPECT_EQ(pc::host_kind("@abstract"), pc::HostKind::Socket);
    EXPECT_EQ(pc::host_kind("10.0.0.1"), pc::HostKind::Address);
    EXPECT_EQ(pc::host_kind("::1"), pc::HostKind::Address);
    EXPECT_EQ(pc::host_kind("[2001:db8::1]"), pc::HostKind::Address);
    EXPECT_EQ(pc::host_kind("fe80::1%eth0"), pc::HostKind::Address);
    EXPECT_EQ(pc::host_kind("db.example.com"), pc::HostKind::Name);
    EXPECT_EQ(pc::host_kind("10.0.0.1.nip.io"), pc::HostKind::Name);
    EXPECT_EQ(pc::host_kind("localhost"), pc::HostKind::Name);
}

TEST(FixOutput, IsCoresFixScriptOnly) {
    const preflight::Rows rows = {
        make_row("table", "s", "t", "SELECT", "read", Status::Missing,
                 "GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";"),
        make_row("schema", "s", "s", "USAGE", "read", Status::Missing,
                 "GRANT USAGE ON SCHEMA \"s\" TO \"r\";"),
        make_row("table", "s", "u", "SELECT", "read", Status::Ok),
        make_row("table", "s", "t", "BYPASSRLS", "read", Status::Warning, "ALTER ROLE x;")};
    // Schema grants run first; ok rows and warnings add nothing.
    EXPECT_EQ(pc::fix_output(pc::RowsView(rows)), "GRANT USAGE ON SCHEMA \"s\" TO \"r\";\n"
                                                  "GRANT SELECT ON TABLE \"s\".\"t\" TO \"r\";\n");
    EXPECT_EQ(pc::fix_output(pc::RowsView(preflight::Rows{})), "");
}

TEST(Progress, QuickWorkPrintsNothing) {
    std::ostringstream out;
    {
        pc::Progress p(out, std::chrono::seconds(30), std::chrono::seconds(30));
        p.update("reading the catalogs");
    }
    EXPECT_EQ(out.str(), "");
}

TEST(Progress, SlowWorkSaysWhatIsRunning) {
    std::ostringstream out;
    {
        pc::Progress p(out, std::chrono::milliseconds(20), std::chrono::seconds(30));
        p.update("reading the catalogs\x1b[2J");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    EXPECT_EQ(out.str(), "pg_preflight: reading the catalogs (0 s)...\n");
}
