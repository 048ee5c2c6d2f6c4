#include "tls.hpp"

#include "../common/errors.hpp"
#include "files.hpp"
#include "host.hpp"

#include <array>

namespace preflight::client {

namespace {

constexpr std::array<const char*, 6> kModes = {"disable", "allow",     "prefer",
                                               "require", "verify-ca", "verify-full"};

constexpr const char* kModeList = "disable, allow, prefer, require, verify-ca or verify-full";

// A parameter's value as libpq will see it: explicit, else its variable.
std::optional<std::string> effective(const ConnParams& params, const Environment& env,
                                     const char* key, const char* variable) {
    if (auto v = params.get(key); v && !v->empty())
        return v;
    if (auto v = env.get(variable); v && !v->empty())
        return v;
    return std::nullopt;
}

void set_once(ConnParams& params, const char* key, const std::optional<std::string>& value,
              const char* option) {
    if (!value)
        return;
    if (auto existing = params.get(key); existing && *existing != *value)
        throw ConfigError(std::string("the URL sets ") + key + "=" + *existing + " but " + option +
                              " says " + *value,
                          std::string("give ") + key + " once, in the URL or as " + option);
    params.set(key, *value);
}

void check_file(const ConnParams& params, const char* key, const char* option) {
    auto path = params.get(key);
    if (!path || path->empty())
        return;
    if (auto why = unreadable_reason(*path))
        throw ConfigError(std::string(option) + " file \"" + *path + "\" cannot be read: " + *why,
                          "check the path and its permissions");
}

// The names libpq checks the certificate against: each host entry, else
// the default socket directory. nullopt when a service file may decide.
std::optional<std::vector<std::string>> destinations(const ConnParams& params,
                                                     const Environment& env) {
    if (auto host = effective(params, env, "host", "PGHOST"))
        return split_list(*host);
    if (effective(params, env, "service", "PGSERVICE"))
        return std::nullopt;
    return std::vector<std::string>{""};
}

void check_verify_full(const ConnParams& params, const Environment& env) {
    // hostaddr without host: libpq checks the certificate against the
    // default socket directory's path, which no certificate names.
    if (!effective(params, env, "host", "PGHOST"))
        if (auto addr = effective(params, env, "hostaddr", "PGHOSTADDR"))
            throw ConfigError("sslmode verify-full checks the server's name, but only the "
                              "address \"" +
                                  *addr + "\" is configured (hostaddr, no host name)",
                              "pass --server-name with the name in the server's certificate");
    auto places = destinations(params, env);
    if (!places)
        return; // the service file names the host; libpq checks it
    for (const auto& place : *places) {
        switch (host_kind(place)) {
        case HostKind::Socket:
            throw ConfigError(
                "sslmode verify-full checks the server's name, but the connection goes through "
                "the Unix socket " +
                    (place.empty() ? std::string("in the default directory")
                                   : "\"" + place + "\"") +
                    ", which has no name and no TLS",
                "connect over TCP with --host and the server's name, or with --host ADDRESS "
                "--server-name NAME");
        case HostKind::Address: // libpq matches it against the certificate's IP addresses
        case HostKind::Name:
            break;
        }
    }
}

std::optional<ServerName> server_name_for(const ConnParams& params, const std::string& name,
                                          const Environment& env) {
    if (name.empty() || name.find_first_of(", \t\r\n") != std::string::npos)
        throw ConfigError("--server-name must be one host name, without spaces or commas",
                          "give the name the server's certificate was issued for");
    std::optional<std::string> target = params.get("hostaddr");
    if (!target || target->empty())
        target = params.get("host");
    if (!target || target->empty())
        target = effective(params, env, "hostaddr", "PGHOSTADDR");
    if (!target || target->empty())
        target = effective(params, env, "host", "PGHOST");
    if (!target || target->empty())
        throw ConfigError("--server-name needs a host to connect to, and none is configured",
                          "give --host (a name or an address) with --server-name");
    if (split_list(*target).size() > 1)
        throw ConfigError("--server-name works with one host, but \"" + *target + "\" is a list",
                          "give one host");
    if (host_kind(*target) == HostKind::Socket)
        throw ConfigError("--server-name applies to TCP connections, but \"" + *target +
                              "\" is a Unix socket",
                          "give --host with the server's name or address");
    return ServerName{name, *target};
}

} // namespace

std::string effective_sslmode(const ConnParams& params, const Environment& env) {
    return effective(params, env, "sslmode", "PGSSLMODE").value_or("prefer");
}

bool valid_sslmode(const std::string& mode) {
    for (const char* m : kModes)
        if (mode == m)
            return true;
    return false;
}

void apply_tls_options(ConnParams& params, const TlsOptions& tls) {
    if (tls.sslmode && !valid_sslmode(*tls.sslmode))
        throw ConfigError("--sslmode \"" + *tls.sslmode + "\" is not an SSL mode",
                          std::string("use ") + kModeList);
    set_once(params, "sslmode", tls.sslmode, "--sslmode");
    set_once(params, "sslrootcert", tls.root_cert, "--root-cert");
    set_once(params, "sslcert", tls.client_cert, "--client-cert");
    set_once(params, "sslkey", tls.client_key, "--client-key");
}

std::optional<ServerName> check_tls(const ConnParams& params, const TlsOptions& tls,
                                    const Environment& env) {
    if (auto mode = params.get("sslmode"); mode && !valid_sslmode(*mode))
        throw ConfigError("the URL's sslmode \"" + *mode + "\" is not an SSL mode",
                          std::string("use ") + kModeList);
    if (!params.has("sslmode"))
        if (auto mode = env.get("PGSSLMODE"); mode && !mode->empty() && !valid_sslmode(*mode))
            throw ConfigError("PGSSLMODE \"" + *mode + "\" is not an SSL mode",
                              std::string("use ") + kModeList + ", or unset PGSSLMODE");

    const bool cert = params.has("sslcert") && !params.get("sslcert")->empty();
    const bool key = params.has("sslkey") && !params.get("sslkey")->empty();
    if (cert != key)
        throw ConfigError(cert ? "a client certificate was given without its key"
                               : "a client key was given without its certificate",
                          "give both --client-cert and --client-key (mutual TLS), or neither");
    check_file(params, "sslrootcert", "--root-cert");
    check_file(params, "sslcert", "--client-cert");
    check_file(params, "sslkey", "--client-key");
    if (key)
        if (auto why = key_permission_problem(*params.get("sslkey")))
            throw ConfigError("--client-key file \"" + *params.get("sslkey") +
                                  "\" is refused by libpq: " + *why,
                              "libpq requires private keys to be private");

    std::optional<ServerName> server_name;
    if (tls.server_name)
        server_name = server_name_for(params, *tls.server_name, env);
    if (effective_sslmode(params, env) == "verify-full" && !server_name)
        check_verify_full(params, env);
    return server_name;
}

} // namespace preflight::client
