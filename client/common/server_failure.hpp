// What a failed check's server message means: the session ending under the
// check, or one query failing on a live session; and what to do about it.
#pragma once

#include <string>

namespace preflight::client {

// The session ended under the check (libpq's message says so), as opposed
// to one query failing on a live session.
bool connection_lost(const std::string& message);

// What to do when the server failed the check itself (a query failed).
std::string check_failure_hint(const std::string& server_message);

} // namespace preflight::client
