// The session ending under the check (terminated, server shut down, the
// network cut): named as a lost connection, with a hint that fits the cause.
#include "connection/connect_hint.hpp"

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
