// Every error the user sees: one line on stderr, "pg_preflight: what
// failed; hint: what to do", with passwords redacted and control
// characters stripped (server messages quote names).
#pragma once

#include "../common/redact.hpp"

#include <string>

namespace preflight::client {

std::string error_line(const std::string& message, const std::string& hint, const Secrets& secrets);

std::string warning_line(const std::string& message, const Secrets& secrets);

} // namespace preflight::client
