// The exit statuses are an interface (scripts test them): pin every value.
#include "common/errors.hpp"
#include "common/exit_status.hpp"
#include "report/verdict.hpp"
#include "answer.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;
using preflight::Row;
using preflight::Rows;
using preflight::Status;

TEST(ExitStatus, EachOutcomeHasItsDocumentedNumber) {
    EXPECT_EQ(pc::exit_status(pc::Outcome::Ready), 0);
    EXPECT_EQ(pc::exit_status(pc::Outcome::NotReady), 1);
    EXPECT_EQ(pc::exit_status(pc::Outcome::ConnectionFailed), 2);
    EXPECT_EQ(pc::exit_status(pc::Outcome::InvalidConfiguration), 3);
    EXPECT_EQ(pc::exit_status(pc::Outcome::Interrupted), 130);
}

TEST(ExitStatus, ErrorsCarryTheirOutcome) {
    EXPECT_EQ(pc::exit_status(pc::ConfigError("x").outcome()), 3);
    EXPECT_EQ(pc::exit_status(pc::ConnectError("x").outcome()), 2);
}

Row row(Status s) {
    Row r;
    r.object_type = "table";
    r.status = s;
    return r;
}

TEST(ExitStatus, WarningsAloneAreReady) {
    const Rows rows = {row(Status::Ok), row(Status::Warning), row(Status::Warning)};
    const pc::Verdict v = testing_client::verdict_of(rows);
    EXPECT_TRUE(v.ready);
    EXPECT_EQ(v.ok, 1u);
    EXPECT_EQ(v.warnings, 2u);
    EXPECT_EQ(v.missing, 0u);
    EXPECT_EQ(pc::exit_status(pc::outcome_of(v)), 0);
}

TEST(ExitStatus, OneMissingRowIsNotReady) {
    const Rows rows = {row(Status::Ok), row(Status::Missing), row(Status::Warning)};
    const pc::Verdict v = testing_client::verdict_of(rows);
    EXPECT_FALSE(v.ready);
    EXPECT_EQ(v.missing, 1u);
    EXPECT_EQ(pc::exit_status(pc::outcome_of(v)), 1);
}

TEST(ExitStatus, NoRowsIsReady) {
    EXPECT_EQ(pc::exit_status(pc::outcome_of(testing_client::verdict_of({}))), 0);
}
