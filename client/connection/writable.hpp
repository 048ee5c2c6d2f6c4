// Whether a destination job could write on this server at all, whatever
// the grants say: a hot standby (in recovery) takes no writes, and a
// session whose default_transaction_read_only is on refuses them. Checked
// before the preflight, so the answer is an error (exit 2), not a report.
#pragma once

#include "connection.hpp"

#include <optional>
#include <string>

namespace preflight::client {

// What the server said, as text, for the decision below.
struct WriteFacts {
    bool in_recovery = false;         // pg_is_in_recovery()
    bool session_read_only = false;   // this session's transaction_read_only
    std::optional<bool> role_setting; // default_transaction_read_only set for the job's
                                      // role or database (pg_db_role_setting), nearest first
    bool server_read_only = false;    // default_transaction_read_only of this session
    std::string server_source;        // ... and where it came from (pg_settings.source)
    bool role_is_session_user = true; // the job's role is the one connected as
};

// Reads the facts for the job's role (nullopt: the session user).
WriteFacts read_write_facts(Connection& conn, const std::optional<std::string>& role);

// Why a destination job cannot write here, or nullopt when it can.
// `what` is the message, `hint` the way forward.
struct NotWritable {
    std::string what;
    std::string hint;
};
std::optional<NotWritable> not_writable(const WriteFacts& facts, const std::string& role,
                                        const std::string& database);

} // namespace preflight::client
