#include "writable.hpp"

namespace preflight::client {

namespace {

bool is_true(const std::string& v) {
    return v == "t" || v == "on" || v == "true";
}

// The job's role logs in with its own settings: nearest first, as the
// server applies them (role in database, role, database).
constexpr const char* kSql =
    "SELECT pg_catalog.pg_is_in_recovery(), "
    "pg_catalog.current_setting('transaction_read_only'), "
    "pg_catalog.current_setting('default_transaction_read_only'), "
    "(SELECT s.source FROM pg_catalog.pg_settings s "
    "  WHERE s.name OPERATOR(pg_catalog.=) 'default_transaction_read_only'), "
    "(SELECT pg_catalog.split_part(c.item, '=', 2)::pg_catalog.bool::pg_catalog.text "
    "   FROM pg_catalog.pg_db_role_setting d "
    "   CROSS JOIN LATERAL pg_catalog.unnest(d.setconfig) AS c(item) "
    "  WHERE c.item OPERATOR(pg_catalog.~~) 'default_transaction_read_only=%' "
    "    AND d.setdatabase OPERATOR(pg_catalog.=) ANY (ARRAY[0::pg_catalog.oid, "
    "        (SELECT b.oid FROM pg_catalog.pg_database b "
    "          WHERE b.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())]) "
    "    AND d.setrole OPERATOR(pg_catalog.=) ANY (ARRAY[0::pg_catalog.oid, "
    "        (SELECT r.oid FROM pg_catalog.pg_roles r "
    "          WHERE r.rolname OPERATOR(pg_catalog.=) $1)]) "
    "  ORDER BY d.setrole OPERATOR(pg_catalog.=) 0, d.setdatabase OPERATOR(pg_catalog.=) 0 "
    "  LIMIT 1), "
    "$1 OPERATOR(pg_catalog.=) session_user";

// A value set for the connecting user alone (or by its client) says
// nothing of another role's sessions.
bool applies_to_every_role(const std::string& source) {
    return source != "user" && source != "database user" && source != "client" &&
           source != "session";
}

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

} // namespace

WriteFacts read_write_facts(Connection& conn, const std::optional<std::string>& role) {
    Result r = conn.exec(kSql, {role ? *role : std::optional<std::string>()});
    WriteFacts f;
    if (r.rows() != 1)
        return f;
    f.in_recovery = is_true(r.text(0, 0));
    f.session_read_only = is_true(r.text(0, 1));
    f.server_read_only = is_true(r.text(0, 2));
    f.server_source = r.text(0, 3);
    if (!r.is_null(0, 4))
        f.role_setting = is_true(r.text(0, 4));
    f.role_is_session_user = !role || is_true(r.text(0, 5));
    return f;
}

std::optional<NotWritable> not_writable(const WriteFacts& f, const std::string& role,
                                        const std::string& database) {
    if (f.in_recovery)
        return NotWritable{
            "the server is a read-only hot standby (in recovery): a destination job writes, so "
            "it must target the primary",
            "connect to the primary (with several hosts in the URL, add "
            "target_session_attrs=read-write); a source job may read from this standby"};
    bool read_only = false;
    if (f.role_is_session_user)
        read_only = f.session_read_only;
    else if (f.role_setting)
        read_only = *f.role_setting;
    else
        read_only = f.server_read_only && applies_to_every_role(f.server_source);
    if (!read_only)
        return std::nullopt;
    return NotWritable{"sessions of role " + quoted(role) + " in database " + quoted(database) +
                           " are read-only (default_transaction_read_only is on): a destination "
                           "job cannot write there",
                       "turn it off for the job (ALTER ROLE " + quoted(role) + " IN DATABASE " +
                           quoted(database) +
                           " SET default_transaction_read_only = off, or SET it in the job's "
                           "session), or target a writable server"};
}

} // namespace preflight::client
