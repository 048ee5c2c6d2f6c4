// What to do about a failed connection, from libpq's message: the half of
// the one-line error that tells a person where to look.
#pragma once

#include <string>

namespace preflight::client {

std::string connect_hint(const std::string& libpq_message);

} // namespace preflight::client
