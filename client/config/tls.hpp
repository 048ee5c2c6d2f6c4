// TLS settings (the connection doc's "TLS" section) on top of the libpq
// parameters, all checked before connecting.
#pragma once

#include "environment.hpp"
#include "params.hpp"

#include <optional>
#include <string>

namespace preflight::client {

struct TlsOptions {
    std::optional<std::string> sslmode;
    std::optional<std::string> root_cert;
    std::optional<std::string> client_cert;
    std::optional<std::string> client_key;
    std::optional<std::string> server_name;
};

// --server-name: connect to `target` (the configured host or address) but
// check the certificate against `name`. libpq has no such option; the
// connection layer turns it into host=name hostaddr=<address of target>.
struct ServerName {
    std::string name;
    std::string target;
};

// disable, allow, prefer, require, verify-ca, verify-full.
bool valid_sslmode(const std::string& mode);

// Puts the options into the parameters. A URL that already says something
// else (sslmode=require and --sslmode verify-full) is refused: which one
// was meant cannot be guessed for a security setting.
void apply_tls_options(ConnParams& params, const TlsOptions& tls);

// The sslmode libpq will use: explicit, else PGSSLMODE, else prefer.
std::string effective_sslmode(const ConnParams& params, const Environment& env);

// Every rule on the merged parameters and libpq's environment: valid
// sslmode, readable files, client certificate and key both or neither,
// a name to check for verify-full. Returns the server name to apply.
std::optional<ServerName> check_tls(const ConnParams& params, const TlsOptions& tls,
                                    const Environment& env);

} // namespace preflight::client
