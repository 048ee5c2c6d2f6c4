// The session ending under the check (terminated, server shut down, the
// network cut): named as a lost connection, with a hint that fits the cause.
#include "common/errors.hpp"
#include "common/server_failure.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;

namespace {

// libpq's message once the server went away mid-query, joined on one line.
const std::string kClosed = "server closed the connection unexpectedly; This probably means the "
                            "server terminated abnormally; before or while processing the request.";

} // namespace

TEST(LostConnection, RecognisedFromLibpqsWords) {
    EXPECT_TRUE(pc::connection_lost(kClosed));
    EXPECT_TRUE(pc::connection_lost("no connection to the server"));
    EXPECT_TRUE(pc::connection_lost(
        "FATAL:  terminating connection due to administrator command; " + kClosed));
    EXPECT_FALSE(pc::connection_lost("ERROR:  role \"x\" does not exist"));
    EXPECT_FALSE(pc::connection_lost("ERROR:  canceling statement due to statement timeout"));
}

TEST(LostConnection, HintFitsTheCause) {
    EXPECT_EQ(pc::check_failure_hint(
                  "FATAL:  terminating connection due to administrator command; " + kClosed),
              "the server ended the session (pg_terminate_backend, or a shutdown): check the "
              "server's log and that it is up, then try again");
    EXPECT_EQ(pc::check_failure_hint(
                  "FATAL:  terminating connection due to immediate shutdown command; " + kClosed),
              "the server shut down or restarted: check the server's log, wait until it is up, "
              "then try again");
    EXPECT_EQ(pc::check_failure_hint(kClosed),
              "the connection broke: check the server's log and the network, then try again");
}

// One hierarchy: a server failure is a ClientError that carries its exit
// status, its message (lost connection or not) and its hint, so main needs
// no second catch for it.
TEST(ServerError, IsAClientErrorWithItsMessageAndHint) {
    const pc::ServerError lost(kClosed);
    const pc::ClientError& as_client = lost;
    EXPECT_EQ(pc::exit_status(as_client.outcome()), 2);
    EXPECT_EQ(std::string(as_client.what()),
              "the connection to the server was lost during the check: " + kClosed);
    EXPECT_EQ(as_client.hint(), pc::check_failure_hint(kClosed));
    const pc::ServerError failed("ERROR:  permission denied for table t");
    EXPECT_EQ(std::string(failed.what()),
              "the server failed the check: ERROR:  permission denied for table t");
    EXPECT_EQ(failed.hint(),
              "connect as a role that may read the catalogs and call pg_preflight's functions");
}

// The rules refusing a request on the catalog path (no such role) say so,
// with the exit status the extension path gives for the same request.
TEST(RequestRefused, SaysItIsTheRequestNotTheServer) {
    const pc::RequestRefused e("role \"x\" does not exist", "Check the role's name.");
    EXPECT_EQ(pc::exit_status(e.outcome()), 2);
    EXPECT_EQ(std::string(e.what()), "the check refused the request: role \"x\" does not exist");
    EXPECT_EQ(e.hint(), "Check the role's name.");
}
