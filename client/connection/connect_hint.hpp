// What to do about a failed connection, from libpq's message: the half of
// the one-line error that tells a person where to look.
#pragma once

#include <string>

namespace preflight::client {

std::string connect_hint(const std::string& libpq_message);

} // namespace preflight::client

namespace preflight::client {

// The session ended under the check (libpq's message says so), as opposed
// to one query failing on a live session.
bool connection_lost(const std::string& message);

// What to do when the server failed the check itself (a query failed).
std::string check_failure_hint(const std::string& server_message);

} // namespace preflight::client
