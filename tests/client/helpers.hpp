// Running the configuration layer from a made-up command line, environment
// and standard input: no test reads the real environment or stdin.
#pragma once

#include "common/errors.hpp"
#include "common/redact.hpp"
#include "config/cli.hpp"
#include "config/validate.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace testing_client {

namespace pc = preflight::client;

struct Invocation {
    std::vector<std::string> args{};
    std::map<std::string, std::string> env{};
    std::optional<std::string> stdin_line{}; // what --password-stdin reads
};

// The configuration, or a failed test with the error when there is one.
inline pc::Config config_of(const Invocation& run, pc::Secrets* secrets_out = nullptr) {
    pc::Secrets secrets;
    const pc::Environment env = pc::Environment::fixed(run.env);
    const auto line = run.stdin_line;
    const pc::CommandLine cl = pc::parse_command_line(run.args);
    pc::Config c = pc::validate(cl.options, {env, [line] { return line; }, secrets});
    if (secrets_out)
        *secrets_out = secrets;
    return c;
}

struct Failure {
    bool failed = false;
    pc::Outcome outcome = pc::Outcome::Ready;
    std::string message; // what(), then "; hint: " and the hint
};

inline Failure failure_of(const Invocation& run) {
    pc::Secrets secrets;
    const pc::Environment env = pc::Environment::fixed(run.env);
    const auto line = run.stdin_line;
    try {
        const pc::CommandLine cl = pc::parse_command_line(run.args);
        pc::validate(cl.options, {env, [line] { return line; }, secrets});
    } catch (const pc::ClientError& e) {
        return {true, e.outcome(), std::string(e.what()) + "; hint: " + e.hint()};
    }
    return {};
}

// The value of a libpq keyword in the configuration, "<unset>" when absent.
inline std::string param(const pc::Config& c, const std::string& key) {
    return c.connection.params.get(key).value_or("<unset>");
}

} // namespace testing_client

namespace testing_client {

// Expects a configuration error (exit status 3) whose text contains `needle`.
inline void expect_config_error_at(const char* file, int line, const Invocation& run,
                                   const std::string& needle) {
    ::testing::ScopedTrace trace(file, line, "configuration error expected here");
    const Failure f = failure_of(run);
    EXPECT_TRUE(f.failed) << "no error for this configuration";
    EXPECT_EQ(pc::exit_status(f.outcome), 3);
    EXPECT_NE(f.message.find(needle), std::string::npos)
        << "message: " << f.message << "\nexpected to contain: " << needle;
}

} // namespace testing_client

// Variadic, so that braces with commas (Invocation{{"--host", "h"}}) pass through.
#define EXPECT_CONFIG_ERROR(...)                                                                   \
    testing_client::expect_config_error_at(__FILE__, __LINE__, __VA_ARGS__)
