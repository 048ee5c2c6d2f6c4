#include "validate.hpp"

#include "../common/errors.hpp"
#include "conninfo.hpp"
#include "job.hpp"
#include "uri.hpp"

#include <cctype>

namespace preflight::client {

namespace {

constexpr const char* kDefaultConnectTimeout = "10";

bool all_digits(const std::string& s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

bool valid_port(const std::string& s) {
    return all_digits(s) && s.size() <= 5 && std::stoi(s) >= 1 && std::stoi(s) <= 65535;
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

bool any_discrete(const RawOptions& r) {
    return r.host || r.port || r.dbname || r.username;
}

const char* first_discrete(const RawOptions& r) {
    return r.host ? "--host" : r.port ? "--port" : r.dbname ? "--dbname" : "--username";
}

std::string read_password(const ValidationContext& ctx) {
    std::optional<std::string> line = ctx.read_password ? ctx.read_password() : std::nullopt;
    if (!line)
        throw ConfigError("--password-stdin found no line on standard input",
                          "pipe the password in, as in: printf '%s\\n' \"$PW\" | pg_preflight "
                          "--password-stdin ...");
    if (!line->empty() && line->back() == '\r')
        line->pop_back();
    ctx.secrets.add(*line);
    if (line->empty())
        throw ConfigError("--password-stdin read an empty line",
                          "libpq treats an empty password as none; send the password");
    return *line;
}

ConnParams from_url_env(const std::string& name, const ValidationContext& ctx) {
    const std::string prefix = kUrlEnvPrefix;
    if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size())
        throw ConfigError("--url-env " + name +
                              " is refused: only variables whose names begin with " + prefix +
                              " are read, so that no other variable (one holding a "
                              "secret, say) can be sent to a server",
                          "put the URL in a variable named " + prefix + "SOMETHING");
    auto value = ctx.env.get(name);
    if (!value)
        throw ConfigError("environment variable " + name + " is not set",
                          "export " + name + "=postgresql://user@host:5432/dbname");
    const std::string url = trim(*value);
    if (!is_uri(url)) {
        // Not echoed: it may be anything, a secret included.
        if (url.empty())
            throw ConfigError("environment variable " + name + " is empty",
                              "set it to a URL such as postgresql://user@host:5432/dbname");
        ctx.secrets.add(*value);
        throw ConfigError("environment variable " + name + " does not hold a PostgreSQL URL",
                          "its value must begin with postgresql:// or postgres://");
    }
    return parse_connection_string(url, "the URL in " + name, ctx.secrets);
}

ConnParams from_discrete(const RawOptions& raw, const ValidationContext& ctx) {
    DiscreteParts parts;
    if (raw.host) {
        if (raw.host->empty())
            throw ConfigError("--host is empty", "give a host name, an address or a socket "
                                                 "directory, or leave --host out");
        // uri_host drops the brackets of "[::1]"; of "[]" nothing would
        // be left, and libpq would quietly use its default host.
        for (const auto& h : split_list(*raw.host))
            if (h == "[]")
                throw ConfigError("--host holds empty brackets \"[]\"",
                                  "write an IPv6 address inside them, as in [::1]");
        parts.host = *raw.host;
    }
    if (raw.port) {
        if (!valid_port(*raw.port))
            throw ConfigError("--port \"" + *raw.port + "\" is not a port number",
                              "give a number from 1 to 65535 (default 5432)");
        parts.port = *raw.port;
    }
    if (raw.dbname) {
        if (raw.dbname->empty())
            throw ConfigError("--dbname is empty", "give a database name, or leave it out");
        parts.dbname = raw.dbname;
    }
    if (raw.username) {
        if (raw.username->empty())
            throw ConfigError("--username is empty", "give a user name, or leave it out");
        parts.user = raw.username;
    }
    if (raw.password_stdin)
        parts.password = read_password(ctx);
    // The connection doc's rule: parameters become a URI. Encoding every
    // part makes the round trip exact for any character.
    const std::string uri = build_uri(parts);
    return parse_connection_string(uri,
                                   "the URI built from --host, --port, --dbname and "
                                   "--username",
                                   ctx.secrets);
}

void check_ports(const ConnParams& params, const Environment& env) {
    if (auto port = params.get("port")) {
        for (const auto& p : split_list(*port))
            if (!p.empty() && !valid_port(p))
                throw ConfigError("the URL's port \"" + p + "\" is not a port number",
                                  "give a number from 1 to 65535");
    } else if (auto port = env.get("PGPORT"); port && !port->empty()) {
        for (const auto& p : split_list(*port))
            if (!p.empty() && !valid_port(p))
                throw ConfigError("PGPORT \"" + p + "\" is not a port number",
                                  "set PGPORT to a number from 1 to 65535, or unset it");
    }
}

void set_connect_timeout(ConnParams& params, const RawOptions& raw, const Environment& env) {
    if (raw.connect_timeout) {
        if (!all_digits(*raw.connect_timeout) || raw.connect_timeout->size() > 6)
            throw ConfigError("--connect-timeout \"" + *raw.connect_timeout +
                                  "\" is not a number of seconds",
                              "give whole seconds, such as 10 (0 waits forever)");
        params.set("connect_timeout", *raw.connect_timeout);
        return;
    }
    if (params.has("connect_timeout") || env.get("PGCONNECT_TIMEOUT"))
        return; // the URL or libpq's environment decides
    params.set("connect_timeout", kDefaultConnectTimeout);
}

// A peer that vanishes without closing the connection (a dropped network,
// a paused VM) would leave the check waiting for hours on the kernel's
// keepalive defaults: probe after 30 s idle, give up after 3 missed probes
// 10 s apart. A URL's own keepalive settings win.
void set_keepalives(ConnParams& params) {
    for (const auto& [key, value] :
         {std::pair{"keepalives_idle", "30"}, std::pair{"keepalives_interval", "10"},
          std::pair{"keepalives_count", "3"}})
        if (!params.has(key))
            params.set(key, value);
}

ConnectionConfig connection_config(const RawOptions& raw, const ValidationContext& ctx,
                                   std::vector<std::string>& warnings) {
    if (raw.url && raw.url_env)
        throw ConfigError("--url and --url-env both say where to connect", "give one of them");
    if ((raw.url || raw.url_env) && any_discrete(raw))
        throw ConfigError(std::string(raw.url ? "--url" : "--url-env") + " and " +
                              first_discrete(raw) + " both say where to connect",
                          "put everything in the URL, or use --host, --port, --dbname and "
                          "--username without a URL");

    ConnectionConfig c;
    if (raw.url) {
        c.params = parse_connection_string(trim(*raw.url), "--url", ctx.secrets);
        c.origin = "--url";
        if (c.params.has("password"))
            warnings.push_back("the --url holds a password, which other users of this machine "
                               "can see in the process list; prefer --url-env " +
                               std::string(kUrlEnvPrefix) + "..., PGPASSWORD or ~/.pgpass");
    } else if (raw.url_env) {
        c.params = from_url_env(*raw.url_env, ctx);
        c.origin = "--url-env " + *raw.url_env;
    } else if (any_discrete(raw)) {
        c.params = from_discrete(raw, ctx);
        c.origin = "--host/--port/--dbname/--username";
    } else {
        c.origin = "libpq environment";
    }
    if (raw.password_stdin && !any_discrete(raw)) {
        if (c.params.has("password"))
            throw ConfigError("--password-stdin was given but the URL holds a password too",
                              "keep the password in one place");
        c.params.set("password", read_password(ctx));
    }

    TlsOptions tls{raw.sslmode, raw.root_cert, raw.client_cert, raw.client_key, raw.server_name};
    apply_tls_options(c.params, tls);
    check_ports(c.params, ctx.env);
    set_connect_timeout(c.params, raw, ctx.env);
    set_keepalives(c.params);
    c.server_name = check_tls(c.params, tls, ctx.env);
    if (c.server_name && effective_sslmode(c.params, ctx.env) != "verify-full")
        warnings.push_back("--server-name is checked against the certificate only with sslmode "
                           "verify-full (sslmode is " +
                           effective_sslmode(c.params, ctx.env) +
                           "); without it the name is only sent to the server (SNI)");
    // Names arrive exactly, whatever the database's encoding: the report
    // and the JSON are UTF-8. PGCLIENTENCODING or the URL still win.
    if (!c.params.has("client_encoding") && !ctx.env.get("PGCLIENTENCODING"))
        c.params.set("client_encoding", "UTF8");
    // Shows in pg_stat_activity unless the URL names the application itself.
    c.params.set("fallback_application_name", "pg_preflight");
    return c;
}

} // namespace

Config validate(const RawOptions& raw, const ValidationContext& ctx) {
    if (auto v = ctx.env.get("PGPASSWORD"))
        ctx.secrets.add(*v);
    if (raw.password_given)
        throw ConfigError("--password is not accepted: a password on the command line can be "
                          "read by every user of this machine",
                          "use --password-stdin, PGPASSWORD, ~/.pgpass, or a URL in a " +
                              std::string(kUrlEnvPrefix) + " variable with --url-env");
    if (!raw.unexpected.empty()) {
        std::string names;
        for (const auto& a : raw.unexpected) {
            // Values are never shown: one of them could be a password.
            std::string shown = a.rfind("-", 0) == 0 ? a.substr(0, a.find('=')) : "(a value)";
            names += (names.empty() ? "" : ", ") + shown;
        }
        throw ConfigError("unexpected arguments: " + names, "see pg_preflight --help");
    }
    Config config;
    config.check = check_config(raw);
    config.connection = connection_config(raw, ctx, config.warnings);
    return config;
}

} // namespace preflight::client
