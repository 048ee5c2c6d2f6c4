// --job, --schema, --role, the destination flags and the output options.
#pragma once

#include "config.hpp"
#include "raw_options.hpp"

namespace preflight::client {

// Throws ConfigError. Destination flags with --job source are refused.
CheckConfig check_config(const RawOptions& raw);

} // namespace preflight::client
