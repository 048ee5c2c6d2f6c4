// Certificate and key files, checked before connecting so that a typo is a
// configuration error naming the file, not a TLS failure later.
#pragma once

#include <optional>
#include <string>

namespace preflight::client {

// Why the file cannot be read ("No such file or directory", "is a
// directory"), or nullopt when it can.
std::optional<std::string> unreadable_reason(const std::string& path);

// libpq refuses a private key others can read (fe-secure-openssl.c): the
// same rule, so the refusal comes before any network traffic.
std::optional<std::string> key_permission_problem(const std::string& path);

} // namespace preflight::client
