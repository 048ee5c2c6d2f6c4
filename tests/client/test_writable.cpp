// A destination job on a server that takes no writes: a hot standby, or a
// session that default_transaction_read_only makes read-only. And the
// report's mention of a standby for a source job, which may read there.
#include "connection/writable.hpp"
#include "report/json_report.hpp"
#include "report/style.hpp"
#include "report/text_report.hpp"
#include "answer.hpp"
#include "connection_facts.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace pc = preflight::client;

namespace {

std::string refusal(const pc::WriteFacts& f, const std::string& role = "sync") {
    const auto r = pc::not_writable(f, role, "shop");
    return r ? r->what + " | " + r->hint : "";
}

} // namespace

TEST(Writable, PrimaryReadWriteIsWritable) {
    EXPECT_EQ(refusal({}), "");
}

TEST(Writable, StandbyIsRefusedWhateverTheSettings) {
    pc::WriteFacts f;
    f.in_recovery = true;
    f.session_read_only = true; // a standby's sessions are read-only too: the standby is named
    const std::string r = refusal(f);
    EXPECT_NE(r.find("read-only hot standby (in recovery)"), std::string::npos) << r;
    EXPECT_NE(r.find("must target the primary"), std::string::npos) << r;
    EXPECT_NE(r.find("target_session_attrs=read-write"), std::string::npos) << r;
}

TEST(Writable, ReadOnlySessionOfTheJobsRole) {
    pc::WriteFacts f;
    f.session_read_only = true;
    const std::string r = refusal(f, "sy\"nc");
    EXPECT_NE(r.find("sessions of role \"sy\"\"nc\" in database \"shop\" are read-only "
                     "(default_transaction_read_only is on)"),
              std::string::npos)
        << r;
    EXPECT_NE(r.find("ALTER ROLE \"sy\"\"nc\" IN DATABASE \"shop\" SET "
                     "default_transaction_read_only = off"),
              std::string::npos)
        << r;
}

TEST(Writable, AnotherRoleGoesByItsOwnSettings) {
    pc::WriteFacts f;
    f.role_is_session_user = false;
    f.session_read_only = true; // the connecting user's session says nothing of the job's role
    f.server_read_only = true;
    f.server_source = "user";
    EXPECT_EQ(refusal(f), "");
    f.role_setting = true; // ALTER ROLE sync SET default_transaction_read_only = on
    EXPECT_NE(refusal(f), "");
    f.role_setting = false; // ... = off, over a read-only server
    f.server_source = "configuration file";
    EXPECT_EQ(refusal(f), "");
    f.role_setting.reset(); // nothing for the role: the server's value applies
    EXPECT_NE(refusal(f), "");
    f.server_source = "database user"; // set for the connecting user in this database
    EXPECT_EQ(refusal(f), "");
}

TEST(Writable, ReportsNameAStandby) {
    pc::ConnectionFacts f = testing_client::verified_tls_facts();
    f.in_recovery = true;
    std::ostringstream out;
    pc::print_connection(out, f, "--url", pc::Style(false));
    EXPECT_NE(out.str().find("  server      PostgreSQL 15.4, protocol 3, hot standby (read-only, "
                             "in recovery)\n"),
              std::string::npos)
        << out.str();
    const auto d = nlohmann::json::parse(testing_client::json_of(f, "--url", {}, {}));
    EXPECT_EQ(d["connection"]["in_recovery"], true);
}
