// RawOptions -> Config: every rule of the three ways to connect, TLS and the
// job, with no network traffic. Throws ConfigError (exit status 3).
#pragma once

#include "../common/redact.hpp"
#include "config.hpp"
#include "environment.hpp"
#include "raw_options.hpp"

#include <functional>
#include <optional>
#include <string>

namespace preflight::client {

struct ValidationContext {
    const Environment& env;
    // One line from standard input (--password-stdin); nullopt at end of input.
    std::function<std::optional<std::string>()> read_password;
    Secrets& secrets; // every password seen is added, for redaction
};

Config validate(const RawOptions& raw, const ValidationContext& context);

// The libpq prefix every variable of --url-env must carry (connection doc).
inline constexpr const char* kUrlEnvPrefix = "USER_DEFINED_";

} // namespace preflight::client
