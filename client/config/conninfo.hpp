// A connection string (postgres:// URI or libpq key=value) -> the libpq
// parameters it sets explicitly, checked by libpq's own parser
// (PQconninfoParse). Every password in it is added to Secrets before
// anything can fail, so no error can show one.
#pragma once

#include "../common/redact.hpp"
#include "params.hpp"

#include <string>

namespace preflight::client {

// Starts with postgresql:// or postgres:// (libpq's URI prefixes).
bool is_uri(const std::string& text);

// sslMode=..., SSLMODE=... in a URI's query -> sslmode=... (libpq knows
// only the lower-case keyword; pgx and the connection doc write sslMode).
std::string normalise_sslmode_key(const std::string& uri);

// `what` names the source in messages ("--url", "USER_DEFINED_DB").
// Throws ConfigError; never echoes the string itself.
ConnParams parse_connection_string(const std::string& text, const std::string& what,
                                   Secrets& secrets);

} // namespace preflight::client
